/* review-job-args.h: the arguments of a small store-service job
 *
 * Most jobs of the annotation services take a few strings and a number:
 * this holds copies of them until the job has run in the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REVIEW_JOB_ARGS_MAX 6

typedef struct
{
  char  *s[REVIEW_JOB_ARGS_MAX];
  gint64 n;
} ReviewJobArgs;

static inline void
review_job_args_free (gpointer data)
{
  ReviewJobArgs *a = data;

  for (guint i = 0; i < REVIEW_JOB_ARGS_MAX; i++)
    g_free (a->s[i]);
  g_free (a);
}

/* Up to REVIEW_JOB_ARGS_MAX strings (each may be NULL), copied. */
static inline ReviewJobArgs *
review_job_args_new (gint64      n,
                     guint       n_strings,
                     const char *s0,
                     const char *s1,
                     const char *s2,
                     const char *s3,
                     const char *s4,
                     const char *s5)
{
  ReviewJobArgs *a = g_new0 (ReviewJobArgs, 1);
  const char *all[REVIEW_JOB_ARGS_MAX] = { s0, s1, s2, s3, s4, s5 };

  a->n = n;
  for (guint i = 0; i < n_strings && i < REVIEW_JOB_ARGS_MAX; i++)
    a->s[i] = g_strdup (all[i]);
  return a;
}

#define REVIEW_JOB_ARGS(n, ...) \
  review_job_args_new ((n), G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })), \
                       REVIEW_JOB_ARGS_PAD (__VA_ARGS__, NULL, NULL, NULL, NULL, NULL, NULL))
#define REVIEW_JOB_ARGS_PAD(a, b, c, d, e, f, ...) a, b, c, d, e, f

G_END_DECLS
