/* review-person-async.h: persons, their identity numbers and family
 * contacts, read and written by the store service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "review-store-query.h"
#include "review-store-service.h"

G_BEGIN_DECLS

/* A number written; @error says what failed after it was (its branch's
 * facility), as the number is kept. */
typedef struct
{
  char   *uuid;
  GError *error;
} ReviewNumberAdded;

void               review_number_added_free     (ReviewNumberAdded *added);

void               review_person_find_async      (ReviewStoreService  *service,
                                                  const char          *text,
                                                  guint                limit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Returns: (transfer container): ReviewPersonHit* */
GPtrArray         *review_person_find_finish     (ReviewStoreService  *service,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void               review_person_merge_async     (ReviewStoreService  *service,
                                                  const char          *from_uuid,
                                                  const char          *into_uuid,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* For every job here that returns nothing but success. */
gboolean           review_person_write_finish    (ReviewStoreService  *service,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* @facility_uuid: for a branch number, the person's facility (or NULL). */
void               review_number_add_async       (ReviewStoreService  *service,
                                                  const char          *person_uuid,
                                                  const char          *kind,
                                                  const char          *value,
                                                  const char          *photo_uuid,
                                                  const char          *legibility,
                                                  const char          *facility_uuid,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
ReviewNumberAdded *review_number_add_finish      (ReviewStoreService  *service,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Then review_person_write_finish. */
void               review_number_set_region_async (ReviewStoreService *service,
                                                  const char          *number_uuid,
                                                  const char          *region_json,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void               review_number_second_read_async (ReviewStoreService *service,
                                                  const char          *number_uuid,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* Reading them is recorded in the audit trail. */
void               review_family_list_async      (ReviewStoreService  *service,
                                                  const char          *person_uuid,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Returns: (transfer container): ReviewFamilyContact* */
GPtrArray         *review_family_list_finish     (ReviewStoreService  *service,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void               review_family_add_async       (ReviewStoreService  *service,
                                                  const char          *person_uuid,
                                                  const char          *name,
                                                  const char          *relation,
                                                  const char          *contact,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Returns: (transfer full): the new contact's UUID */
char              *review_family_add_finish      (ReviewStoreService  *service,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReviewNumberAdded, review_number_added_free)

G_END_DECLS
