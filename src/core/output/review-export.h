/* review-export.h: signed data exports (JSON, or a folder of CSV files)
 *
 * The format is documented, versioned, in data/export-schema/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-signer.h"
#include "review-store.h"
#include "review-vault.h"

G_BEGIN_DECLS

/* The identifier and version written into every export; bump the version
 * (and add a schema file) for any change a reader could notice. */
#define REVIEW_EXPORT_SCHEMA_ID       "https://example.com/review/export/2"
#define REVIEW_EXPORT_SCHEMA_VERSION  2

typedef enum
{
  REVIEW_EXPORT_JSON,   /* one JSON file, and FILE.p7s beside it */
  REVIEW_EXPORT_CSV,    /* a folder of CSV files, SHA256SUMS and SHA256SUMS.p7s */
} ReviewExportFormat;

typedef struct
{
  /* nullable: the whole vault. Otherwise the photos matching it (its limit
   * is ignored), with the persons, findings, numbers, facilities and notes
   * they reference. */
  const ReviewSearch *scope;
  /* Family contact data is restricted: exported only when asked for, and
   * the audit event says whether it was. */
  gboolean            include_family_contacts;
  /* Required: every export is signed (a detached CMS beside it). */
  ReviewSigner       *signer;
  GCancellable       *cancellable;   /* nullable */
} ReviewExportOptions;

typedef struct
{
  char   *name;      /* the file's name: "x.json", "x.json.p7s", "persons.csv"… */
  char   *sha256;    /* hex */
} ReviewExportFile;

typedef struct
{
  char      *export_id;   /* UUID, also in the export and its audit event */
  char      *path;        /* the JSON file, or the CSV folder */
  char      *signature;   /* FILE.p7s, or FOLDER/SHA256SUMS.p7s */
  GPtrArray *files;       /* ReviewExportFile*, every file written */
  guint      n_photos;
  guint      n_damaged;   /* of those, photos that decoded in part */
  guint      n_persons;
  guint      n_findings;
  guint      n_facilities;
  guint      n_numbers;
  guint      n_notes;
  guint      n_family_contacts;
} ReviewExportResult;

/* Both exports block: the window runs them in a worker thread (they read on
 * a connection of their own; sign with a ReviewSigner loaded beforehand, see
 * review_signer_load_async()). */
gboolean            review_export_check       (ReviewVault                *vault,
                                               ReviewExportFormat          format,
                                               const char                 *out_path,
                                               GError                    **error);
ReviewExportResult *review_export_json        (ReviewVault                *vault,
                                               const ReviewExportOptions  *options,
                                               const char                 *out_path,
                                               GError                    **error);
ReviewExportResult *review_export_csv         (ReviewVault                *vault,
                                               const ReviewExportOptions  *options,
                                               const char                 *out_dir,
                                               GError                    **error);
void                review_export_result_free (ReviewExportResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewExportResult, review_export_result_free)

G_END_DECLS
