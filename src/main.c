/* main.c: Review's entry point. Everything else is in the static library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "review-application.h"
#include "review-process.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ReviewApplication) app = NULL;
  g_autofree char *localedir = NULL;

  localedir = review_process_setup_paths ();
  review_process_harden ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = review_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
