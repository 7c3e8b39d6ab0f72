/* replay-main.c: runs a harness over files, without libFuzzer
 *
 *   fuzz-NAME-replay PATH…
 *
 * Each PATH is a file or a folder (every file in it, sorted; a missing
 * folder holds nothing). Output is TAP, one line per file; a crash or a
 * broken invariant aborts, which fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;
      guint from = files->len;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (g_file_test (argv[i], G_FILE_TEST_EXISTS))
            g_ptr_array_add (files, g_strdup (argv[i]));
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
      qsort (files->pdata + from, files->len - from, sizeof (gpointer), compare_paths);
    }

  LLVMFuzzerInitialize (&argc, &argv);
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          continue;
        }
      fprintf (stderr, "%s\n", path);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      printf ("ok %u - %s\n", i + 1, path);
      fflush (stdout);
    }
  return 0;
}
