/* main.c: Review's entry point. Everything else is in the static library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "review-application.h"
#include "review-keyring.h"
#include "review-process.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ReviewApplication) app = NULL;
  g_autofree char *localedir = NULL;

#ifdef REVIEW_TEST_HOOKS
  /* The suite's one exception to G_DEBUG=fatal-warnings (review-keyring.c). */
  review_keyring_tolerate_prompt_bug ();
#endif

  localedir = review_process_setup_paths ();
  review_process_harden ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = review_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
