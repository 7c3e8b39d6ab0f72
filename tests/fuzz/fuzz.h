/* fuzz.h: what every harness in tests/fuzz defines
 *
 * Each fuzz-*.c is built twice: with libFuzzer (-Dfuzzing=true, clang,
 * build-aux/fuzz) and with replay-main.c (-Dtests=true), which runs it over
 * every file of its corpus and regressions folders. A harness reports a
 * broken invariant with abort (FUZZ_CHECK), so that it is a crash in both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

#define FUZZ_CHECK(cond)                                                       \
  G_STMT_START {                                                               \
    if (G_UNLIKELY (!(cond)))                                                  \
      {                                                                        \
        fprintf (stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,  \
                 #cond);                                                       \
        abort ();                                                              \
      }                                                                        \
  } G_STMT_END

/* Criticals are bugs on any input: code must never reach one from bad data.
 * They abort (GLib's fatal criticals trap, which libFuzzer does not catch).
 * Some log domains may be tolerated (fuzz_init_glib_tolerating): GdkPixbuf's
 * loaders raise criticals of their own on some damaged files (the WebP
 * loader, webp-pixbuf-loader 0.2.1, on a VP8X file it cannot animate, calls
 * gdk_pixbuf_animation_iter_get_pixbuf and g_object_unref on NULL: GdkPixbuf
 * and GLib-GObject criticals). That is a third-party library's bug, which
 * the real decoder survives (its messages go nowhere, tests/test-sandbox.sh),
 * not ours; memory errors there are still caught by the sanitizers. */
static const char * const *fuzz_tolerated_domains;

static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput r = g_log_writer_default (level, fields, n_fields, user_data);
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
      domain = fields[i].value;
  for (gsize i = 0; (level & G_LOG_LEVEL_CRITICAL) && fuzz_tolerated_domains != NULL &&
                    fuzz_tolerated_domains[i] != NULL; i++)
    if (g_strcmp0 (domain, fuzz_tolerated_domains[i]) == 0)
      return r;
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    abort ();
  return r;
}

static inline void
fuzz_init_glib (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

static inline void
fuzz_init_glib_tolerating (const char * const *domains)
{
  fuzz_tolerated_domains = domains;
  fuzz_init_glib ();
}

/* A big-endian number from the first bytes, consumed. */
static inline guint64
fuzz_take (const uint8_t **data,
           size_t         *size,
           guint           n)
{
  guint64 v = 0;

  for (guint i = 0; i < n && *size > 0; i++, (*data)++, (*size)--)
    v = v << 8 | **data;
  return v;
}
