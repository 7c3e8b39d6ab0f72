/* crash-writer.c: commits numbered notes, one transaction each (test only)
 *
 *   crash-writer --vault=DIR [--start=K] [--count=N]
 *
 * For the crash harness (tests/test-crash.py): opens the vault as the
 * window does (its key from the keyring), then adds notes to the first photo
 * in import order through review_store_add_note(), each its own
 * transaction with its own audit entry, as the window commits them. After
 * each commit has returned, and only then, it prints one line
 *
 *   NUMBER UUID
 *
 * and flushes standard output, so that every line the harness reads is a
 * commit the vault promised to keep. The note's text is "crash note NUMBER".
 * Numbers start at K (0 by default); with --count=0 (the default) it goes on
 * until it is killed. An error stops it with status 1 and the message on
 * standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "review-keyring.h"
#include "review-store.h"
#include "review-vault-private.h"
#include "seed-common.h"


int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  gint64 start = 0, count = 0;
  GOptionEntry entries[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &dir, "The vault", "DIR" },
    { "start", 0, 0, G_OPTION_ARG_INT64, &start, "The first note's number", "K" },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "How many notes (0: until killed)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ReviewVault) vault = NULL;
  g_autoptr(ReviewSearchResult) photos = NULL;
  ReviewSearch first = { .limit = 1 };
  const char *photo;

  g_option_context_add_main_entries (context, entries, NULL);
  CHECK (g_option_context_parse (context, &argc, &argv, &error));
  if (dir == NULL)
    {
      g_printerr ("crash-writer: --vault=DIR is required\n");
      return 2;
    }

  vault = seed_open_vault (dir);
  CHECK ((photos = review_store_search (vault, &first, &error)) != NULL);
  if (photos->hits->len < 1)
    {
      g_printerr ("crash-writer: the vault needs a photo\n");
      return 1;
    }
  photo = ((ReviewSearchHit *) g_ptr_array_index (photos->hits, 0))->uuid;

  for (gint64 i = start; count == 0 || i < start + count; i++)
    {
      g_autofree char *text = g_strdup_printf ("crash note %" G_GINT64_FORMAT, i);
      g_autofree char *uuid = NULL;

      CHECK ((uuid = review_store_add_note (vault, photo, "en", text, NULL, &error)) != NULL);
      /* The commit has returned: only now is the number promised. */
      printf ("%" G_GINT64_FORMAT " %s\n", i, uuid);
      fflush (stdout);
    }
  return 0;
}
