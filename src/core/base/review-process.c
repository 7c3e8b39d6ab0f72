/* review-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "review-process.h"

/**
 * review_process_harden:
 *
 * Files Review creates are private to the user; the process leaves no core
 * dump (it holds the vault key and decrypted pages) and other processes of
 * the same user cannot attach to it with ptrace.
 */
void
review_process_harden (void)
{
  struct rlimit no_core = { 0, 0 };

  umask (077);
  setrlimit (RLIMIT_CORE, &no_core);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void
prepend_data_dir (const char *datadir)
{
  const char *current = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) parts = NULL;
  g_autofree char *value = NULL;

  if (current == NULL || *current == '\0')
    current = "/usr/local/share:/usr/share";
  parts = g_strsplit (current, ":", -1);
  for (guint i = 0; parts[i]; i++)
    if (g_str_equal (parts[i], datadir))
      return;
  value = g_strconcat (datadir, ":", current, NULL);
  g_setenv ("XDG_DATA_DIRS", value, TRUE);
}

/**
 * review_process_setup_paths:
 *
 * Finds Review's data relative to the running binary, so that an install
 * into any prefix works: PREFIX/bin/review uses PREFIX/share (added to
 * XDG_DATA_DIRS for the schema and icons) and PREFIX/share/locale. Run from
 * the build tree, it uses the build tree's schema and translations.
 *
 * Returns: (transfer full): the folder to bind the gettext domain to.
 */
char *
review_process_setup_paths (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exe_dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;

  if (exe == NULL)
    return g_strdup (LOCALEDIR);

  exe_dir = g_path_get_dirname (exe);
  parent = g_path_get_dirname (exe_dir);
  base = g_path_get_basename (exe_dir);

  /* Installed: PREFIX/<bindir>/review. */
  if (g_str_has_suffix (exe_dir, "/" REL_BINDIR))
    {
      g_autofree char *prefix = g_strndup (exe_dir, strlen (exe_dir) - strlen ("/" REL_BINDIR));
      g_autofree char *datadir = g_build_filename (prefix, REL_DATADIR, NULL);
      g_autofree char *schema = g_build_filename (datadir, "glib-2.0", "schemas",
                                                  APP_ID ".gschema.xml", NULL);

      if (g_file_test (schema, G_FILE_TEST_EXISTS))
        {
          prepend_data_dir (datadir);
          return g_build_filename (prefix, REL_LOCALEDIR, NULL);
        }
    }

  /* The build tree: BUILD/src/review, with BUILD/data and BUILD/po. */
  if (g_str_equal (base, "src"))
    {
      g_autofree char *schemas = g_build_filename (parent, "data", "gschemas.compiled", NULL);
      g_autofree char *po = g_build_filename (parent, "po", NULL);

      if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && g_file_test (schemas, G_FILE_TEST_EXISTS))
        {
          g_autofree char *dir = g_path_get_dirname (schemas);
          g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
        }
      if (g_file_test (po, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&po);
    }

  return g_strdup (LOCALEDIR);
}

/**
 * review_process_find_helper:
 * @name: a helper executable, such as "review-decoder"
 *
 * $REVIEW_DECODER_PATH when set (test builds only), else beside the running binary
 * (the build tree), else PREFIX/<libexecdir>/ relative to the binary, else
 * the configured libexecdir.
 */
char *
review_process_find_helper (const char *name)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
#ifdef REVIEW_TEST_HOOKS
  const char *env = g_getenv ("REVIEW_DECODER_PATH");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
#endif
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (dir, name, NULL);
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autofree char *relative = g_build_filename (parent, REL_LIBEXECDIR, name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (relative, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&relative);
    }
  return g_build_filename (LIBEXECDIR, name, NULL);
}
