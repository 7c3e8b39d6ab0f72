/* review-damage.c: a damaged photo's reason, in words
 *
 * The decoder reports damage as a kind and a row (review-decoder-protocol.h);
 * the vault stores those two numbers with the photo, and every view (tile,
 * workspace, search, report, import output) words them here, in the
 * reader's language, when it shows them. Rows are counted from 1 for
 * people, from 0 on the wire and in the vault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "review-damage.h"

/* The report reads its words from a catalogue of its own, in the language
 * chosen for it (review-catalog.h); every other view from the process's.
 * Both look up the same messages. */
#define T(s) (catalog != NULL ? review_catalog_gettext (catalog, s) : _(s))

/**
 * review_damage_describe_in:
 * @catalog: (nullable): the language to word it in; %NULL for the
 *   process's
 * @damage: the kind
 * @row: the first damaged row (0-based), as the decoder reported it
 * @height: the image's stored height
 *
 * Returns: (nullable): a translated sentence, or %NULL for an image that is
 *   whole
 */
char *
review_damage_describe_in (ReviewCatalog       *catalog,
                           ReviewDecoderDamage  damage,
                           guint32              row,
                           guint32              height)
{
  switch (damage)
    {
    case REVIEW_DAMAGE_NONE:
      return NULL;
    case REVIEW_DAMAGE_MISSING:
      if (height > 0 && row < height)
        {
          /* Rounded up: a missing sliver is never "0 %"; and while a row
           * decoded, never "100 %" either. */
          guint percent = (guint) (((guint64) (height - row) * 100 + height - 1) / height);
          percent = CLAMP (percent, 1, row > 0 ? 99 : 100);
          /* The one plural message: xgettext finds it in the ngettext()
           * call; the report's catalogue looks up the same two strings. */
          return g_strdup_printf (
            catalog != NULL
            ? review_catalog_ngettext (catalog,
                                       "The last %u %% of the image is missing: the file ends "
                                       "early.",
                                       "The last %u %% of the image is missing: the file ends "
                                       "early.", percent)
            /* Translators: a damaged photo whose file ends early; %u is a
             * percentage of the image's height */
            : ngettext ("The last %u %% of the image is missing: the file ends early.",
                        "The last %u %% of the image is missing: the file ends early.",
                        percent),
            percent);
        }
      return g_strdup (T (N_("Part of the image is missing: the file ends early.")));
    case REVIEW_DAMAGE_CORRUPT:
      /* Translators: a damaged photo; %u is a row of pixels, counted from 1
       * at the top of the image as stored */
      return g_strdup_printf (T (N_("Corrupt data from row %u on.")), row + 1);
    case REVIEW_DAMAGE_PARTLY:
    default:
      return g_strdup (T (N_("Part of the image data could not be decoded.")));
    }
}

/**
 * review_damage_describe:
 *
 * review_damage_describe_in(), in the process's language.
 */
char *
review_damage_describe (ReviewDecoderDamage damage,
                        guint32             row,
                        guint32             height)
{
  return review_damage_describe_in (NULL, damage, row, height);
}

/**
 * review_damage_code:
 *
 * Returns: a stable name for scripts ("missing", "corrupt", "partly"), or
 *   %NULL for an image that is whole
 */
const char *
review_damage_code (ReviewDecoderDamage damage)
{
  switch (damage)
    {
    case REVIEW_DAMAGE_MISSING:
      return "missing";
    case REVIEW_DAMAGE_CORRUPT:
      return "corrupt";
    case REVIEW_DAMAGE_PARTLY:
      return "partly";
    case REVIEW_DAMAGE_NONE:
    default:
      return NULL;
    }
}
