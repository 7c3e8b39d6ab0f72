/* evil-decoder.c: a decoder that lies, for tests of the parent's side
 *
 * Started by the real decoder pool, inside the real sandbox, in place of
 * review-decoder. It answers each request according to the first word of
 * the file it is handed, with a reply no honest decoder sends:
 *
 *   error-with-pixels  an error status that still carries pixels
 *   huge               OK, 1x1, but pixel_len 2^60
 *   long-text          text_len of 1 GiB
 *   bad-utf8           a text that is not UTF-8
 *   wrong-size         OK, 2x2, but 11 bytes of pixels
 *   too-big            OK, 5000x5000 (over the size asked for)
 *   orientation        OK, 2x2, EXIF orientation 9
 *   bad-status         status 77
 *   unsupported-known  an honest UNSUPPORTED reply, variant "jpeg-12bit"
 *   unsupported-odd    UNSUPPORTED with a variant text no decoder sends
 *   good               an honest 2x2 grey image
 *
 * Plain C with no library but libc, so that it runs in the sandbox's
 * read-only root as the real decoder does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "review-decoder-protocol.h"

static void
put (const void *buf,
     size_t      len)
{
  const char *p = buf;

  while (len > 0)
    {
      ssize_t w = write (REVIEW_DECODER_FD, p, len);
      if (w <= 0)
        exit (3);
      p += w;
      len -= (size_t) w;
    }
}

int
main (void)
{
  for (;;)
    {
      ReviewDecoderRequest req;
      ReviewDecoderReply rep;
      union { struct cmsghdr align; char buf[CMSG_SPACE (sizeof (int))]; } control;
      struct iovec iov = { &req, sizeof req };
      struct msghdr msg = { 0 };
      struct cmsghdr *cmsg;
      unsigned char pixels[12];
      char word[32] = "";
      int fd = -1;
      ssize_t n;

      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      if (recvmsg (REVIEW_DECODER_FD, &msg, MSG_WAITALL) != (ssize_t) sizeof req)
        return 0;
      for (cmsg = CMSG_FIRSTHDR (&msg); cmsg; cmsg = CMSG_NXTHDR (&msg, cmsg))
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
          memcpy (&fd, CMSG_DATA (cmsg), sizeof (int));
      n = fd >= 0 ? pread (fd, word, sizeof word - 1, 0) : -1;
      if (fd >= 0)
        close (fd);
      word[n > 0 ? n : 0] = '\0';
      word[strcspn (word, " \n")] = '\0';

      memset (&rep, 0, sizeof rep);
      memset (pixels, 128, sizeof pixels);
      rep.magic = REVIEW_DECODER_MAGIC;
      rep.status = REVIEW_DECODER_OK;
      rep.format = REVIEW_FORMAT_PNG;
      rep.orientation = 1;
      rep.orig_width = rep.orig_height = rep.width = rep.height = 2;
      rep.pixel_len = 12;
      if (strcmp (word, "error-with-pixels") == 0)
        rep.status = REVIEW_DECODER_CORRUPT;
      else if (strcmp (word, "huge") == 0)
        rep.width = rep.height = 1, rep.pixel_len = (uint64_t) 1 << 60;
      else if (strcmp (word, "long-text") == 0)
        rep.text_len = 1u << 30;
      else if (strcmp (word, "wrong-size") == 0)
        rep.pixel_len = 11;
      else if (strcmp (word, "too-big") == 0)
        rep.width = rep.height = 5000, rep.pixel_len = 5000ull * 5000 * 3;
      else if (strcmp (word, "orientation") == 0)
        rep.orientation = 9;
      else if (strcmp (word, "bad-status") == 0)
        rep.status = 77;
      if (strncmp (word, "unsupported-", 12) == 0)
        {
          /* An honest status, with a text of the decoder's choosing. */
          const char *code = strcmp (word, "unsupported-known") == 0 ?
                             "jpeg-12bit" : "\x1b[31mrm -rf ~ see https://evil.example";
          rep.status = REVIEW_DECODER_UNSUPPORTED;
          rep.width = rep.height = 0;
          rep.pixel_len = 0;
          rep.text_len = (uint32_t) strlen (code);
          put (&rep, sizeof rep);
          put (code, rep.text_len);
          continue;
        }
      if (strcmp (word, "bad-utf8") == 0)
        {
          rep.text_len = 2;
          put (&rep, sizeof rep);
          put ("\xff\xfe", 2);
          put (pixels, 12);
          continue;
        }
      put (&rep, sizeof rep);
      /* Send what fits of what was claimed: the parent must not wait for
       * the rest, nor allocate it. */
      put (pixels, rep.pixel_len < sizeof pixels ? (size_t) rep.pixel_len : sizeof pixels);
    }
}
