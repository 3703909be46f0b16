/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-families.h"

#include "kv-admin-family-input.h"
#include "kv-family-json.h"
#include "kv-family-proposals.h"
#include "kv-family-table.h"
#include "kv-family-view.h"

/**
 * KvAdminFamilies:
 *
 * The admin API's families: adding one (and at once the first visit the
 * system proposes, within the first week if a slot is free), listing,
 * showing (with its visits), changing and archiving them, the next visit
 * to propose, and the due list: the families whose first contact is due,
 * with the days left, then those whose band's contact is overdue, oldest
 * first, each with its proposal. A caller sees and changes the families
 * of its sites (the community site or a prison kiosk's site).
 */

struct _KvAdminFamilies
{
  GObject              parent_instance;

  KvStore             *store;
  KvFamilyProposals   *proposals;
};

G_DEFINE_FINAL_TYPE (KvAdminFamilies, kv_admin_families, G_TYPE_OBJECT)

static KvFamilyTable *
families_of (const KvAdminRequest *request)
{
  return kv_store_get_families (request->store);
}

/* The family @id, which the caller must cover (404, or 403 audited). */
static KvFamilyRecord *
require_family (const KvAdminRequest *request,
                const char           *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = kv_family_table_lookup (families_of (request), id, &error);

  if (record == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  if (!kv_family_view_is_covered (record, request->caller))
    {
      kv_admin_http_forbid (request, "Your account covers none of the family's sites");
      return NULL;
    }
  return g_steal_pointer (&record);
}

static KvFamilyView *
make_view (const KvAdminRequest *request,
           const KvFamilyRecord *record)
{
  g_autoptr(GError) error = NULL;
  KvFamilyView *view = kv_family_view_new (request->store, record, NULL, NULL, request->now_us,
                                           &error);

  if (view == NULL)
    kv_admin_http_respond_gerror (request->message, error);
  return view;
}

/* The stored family, as the answer to a change. */
static void
respond_family (const KvAdminRequest *request,
                const char           *id,
                guint                 status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = kv_family_table_lookup (families_of (request), id, &error);
  g_autoptr(KvFamilyView) view = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (record == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  view = make_view (request, record);
  if (view == NULL)
    return;
  kv_family_json_add (builder, view);
  kv_admin_http_respond_json (request->message, status, builder);
}

/* A failed write: the same family twice, an id taken, or the store. */
static void
respond_write_error (const KvAdminRequest *request,
                     const GError         *error)
{
  if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_OVERLAP))
    kv_admin_http_respond_field_error (request->message, SOUP_STATUS_CONFLICT, "family-overlap",
                                       "parent_label", error->message);
  else if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_EXISTS))
    kv_admin_http_respond_field_error (request->message, SOUP_STATUS_CONFLICT, "exists", "id",
                                       error->message);
  else
    kv_admin_http_respond_gerror (request->message, error);
}

/* POST /api/v1/families */
static void
families_create (KvAdminFamilies      *self,
                 const KvAdminRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = NULL;
  g_autoptr(KvFamilyRecord) stored = NULL;
  g_autoptr(KvFamilyView) view = NULL;
  g_autoptr(KvFamilyProposal) proposal = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *reason = NULL;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL)
    return;
  record = kv_admin_family_input_read (request, body, NULL, changed);
  if (record == NULL)
    return;
  if (!kv_family_table_add (families_of (request), record, request->now_us,
                            request->caller->actor, &error))
    {
      respond_write_error (request, error);
      return;
    }
  stored = kv_family_table_lookup (families_of (request), record->id, &error);
  if (stored != NULL)
    view = kv_family_view_new (request->store, stored, NULL, NULL, request->now_us, &error);
  if (view != NULL)
    proposal = kv_family_proposals_make (self->proposals, view, request->now_us, &reason, &error);
  if (view == NULL || (proposal == NULL && error != NULL))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "family");
  kv_family_json_add (builder, view);
  kv_family_json_add_proposal (builder, "proposal", proposal);
  kv_admin_http_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_CREATED, builder);
}

/* PATCH /api/v1/families/ID */
static void
families_update (const KvAdminRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) current = NULL;
  g_autoptr(KvFamilyRecord) record = NULL;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL)
    return;
  current = require_family (request, request->parts[1]);
  if (current == NULL)
    return;
  if (current->archived_us != 0)
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_CONFLICT, "family-archived",
                                   "The family is archived: it cannot be changed");
      return;
    }
  record = kv_admin_family_input_read (request, body, current, changed);
  if (record == NULL)
    return;
  g_ptr_array_add (changed, NULL);
  if (!kv_family_table_update (families_of (request), record,
                               (const char * const *) changed->pdata, request->now_us,
                               request->caller->actor, &error))
    {
      respond_write_error (request, error);
      return;
    }
  respond_family (request, record->id, SOUP_STATUS_OK);
}

/* POST /api/v1/families/ID/archive */
static void
families_archive (const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = require_family (request, request->parts[1]);

  if (record == NULL)
    return;
  if (!kv_family_table_archive (families_of (request), record->id, request->now_us,
                                request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  respond_family (request, record->id, SOUP_STATUS_OK);
}

/* GET /api/v1/families/ID: the family and its visits. */
static void
families_show (const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = require_family (request, request->parts[1]);
  g_autoptr(KvFamilyView) view = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (record == NULL || (view = make_view (request, record)) == NULL)
    return;
  bookings = kv_family_table_list_bookings (families_of (request), record->id, &error);
  if (bookings == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_family_json_add_bookings (builder, view, bookings, request->now_us);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* GET /api/v1/families/ID/proposal */
static void
families_propose (KvAdminFamilies      *self,
                  const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = require_family (request, request->parts[1]);
  g_autoptr(KvFamilyView) view = NULL;
  g_autoptr(KvFamilyProposal) proposal = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *reason = NULL;

  if (record == NULL || (view = make_view (request, record)) == NULL)
    return;
  proposal = kv_family_proposals_make (self->proposals, view, request->now_us, &reason, &error);
  if (proposal == NULL && error != NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  kv_family_json_add_proposal (builder, "proposal", proposal);
  kv_admin_http_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* "site": a site the caller covers, or none (%NULL answered if bad). */
static gboolean
read_site_filter (const KvAdminRequest  *request,
                  const char           **out_site)
{
  const char *site = kv_admin_http_get_query (request, "site");
  g_autoptr(GError) error = NULL;

  *out_site = NULL;
  if (site == NULL || *site == '\0')
    return TRUE;
  if (!kv_store_has_site (request->store, site, &error))
    {
      if (g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                           "unknown-site", "site", error->message);
      else
        kv_admin_http_respond_gerror (request->message, error);
      return FALSE;
    }
  if (!kv_admin_http_require_site (request, site))
    return FALSE;
  *out_site = site;
  return TRUE;
}

/* Whether @record is at @site (its community site or a prison kiosk's). */
static gboolean
is_at_site (const KvFamilyRecord *record,
            const char           *site)
{
  return site == NULL || g_str_equal (record->community_site, site) ||
         g_strv_contains ((const char * const *) record->prison_kiosk_sites, site);
}

/* The families the caller covers (at @site, if given), as views with
 * their contact; %NULL once an error is answered. */
static GPtrArray *
list_views (const KvAdminRequest *request,
            const char           *site,
            gboolean              include_archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  g_autoptr(GHashTable) sites = kv_family_view_new_site_cache ();
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_view_free);

  records = kv_family_table_list (families_of (request), NULL, include_archived, &error);
  if (records != NULL)
    contacts = kv_family_table_list_contacts (families_of (request), NULL, request->now_us,
                                              &error);
  if (contacts == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const KvFamilyRecord *record = g_ptr_array_index (records, i);
      KvFamilyView *view;

      if (!kv_family_view_is_covered (record, request->caller) || !is_at_site (record, site))
        continue;
      view = kv_family_view_new (request->store, record, contacts, sites, request->now_us,
                                 &error);
      if (view == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return NULL;
        }
      g_ptr_array_add (views, view);
    }
  return g_steal_pointer (&views);
}

/* GET /api/v1/families[?site=ID][&archived=1] */
static void
families_list (const KvAdminRequest *request)
{
  const char *archived = kv_admin_http_get_query (request, "archived");
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *site;

  if (!read_site_filter (request, &site))
    return;
  views = list_views (request, site, g_strcmp0 (archived, "1") == 0 ||
                                      g_strcmp0 (archived, "true") == 0);
  if (views == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "families");
  json_builder_begin_array (builder);
  for (guint i = 0; i < views->len; i++)
    kv_family_json_add (builder, g_ptr_array_index (views, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* Oldest due first; families due at the same time by id. */
static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const KvFamilyView *view_a = *(const KvFamilyView * const *) a;
  const KvFamilyView *view_b = *(const KvFamilyView * const *) b;

  if (view_a->status.due_us != view_b->status.due_us)
    return view_a->status.due_us < view_b->status.due_us ? -1 : 1;
  return g_strcmp0 (view_a->record->id, view_b->record->id);
}

static gboolean
add_due_list (KvAdminFamilies      *self,
              const KvAdminRequest *request,
              JsonBuilder          *builder,
              const char           *name,
              GPtrArray            *views)
{
  g_ptr_array_sort (views, compare_due);
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < views->len; i++)
    {
      const KvFamilyView *view = g_ptr_array_index (views, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(KvFamilyProposal) proposal = NULL;
      g_autofree char *reason = NULL;

      proposal = kv_family_proposals_make (self->proposals, view, request->now_us, &reason,
                                           &error);
      if (proposal == NULL && error != NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return FALSE;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "family");
      kv_family_json_add (builder, view);
      kv_family_json_add_proposal (builder, "proposal", proposal);
      kv_admin_http_add_string (builder, "reason", reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* GET /api/v1/families/due[?site=ID]: first contacts due, with the days
 * left, then regular contact overdue; each oldest due first. */
static void
families_due (KvAdminFamilies      *self,
              const KvAdminRequest *request)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) first_week = g_ptr_array_new ();
  g_autoptr(GPtrArray) regular = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *site;

  if (!read_site_filter (request, &site))
    return;
  views = list_views (request, site, FALSE);
  if (views == NULL)
    return;
  for (guint i = 0; i < views->len; i++)
    {
      KvFamilyView *view = g_ptr_array_index (views, i);

      if (view->status.state == KV_CONTACT_STATE_FIRST_DUE)
        g_ptr_array_add (first_week, view);
      else if (view->status.state == KV_CONTACT_STATE_DUE)
        g_ptr_array_add (regular, view);
    }
  json_builder_begin_object (builder);
  if (!add_due_list (self, request, builder, "first_week", first_week) ||
      !add_due_list (self, request, builder, "regular", regular))
    return;
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_families_dispose (GObject *object)
{
  KvAdminFamilies *self = KV_ADMIN_FAMILIES (object);

  g_clear_object (&self->proposals);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_admin_families_parent_class)->dispose (object);
}

static void
kv_admin_families_class_init (KvAdminFamiliesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_admin_families_dispose;
}

static void
kv_admin_families_init (KvAdminFamilies *self)
{
}

/**
 * kv_admin_families_new:
 * @store: the database
 * @handler: the signalling handler, whose bookings proposals avoid
 * @rules: the scheduling rules
 *
 * Returns: (transfer full): the families' endpoints
 */
KvAdminFamilies *
kv_admin_families_new (KvStore             *store,
                       KvSignallingHandler *handler,
                       const KvSiteRules   *rules)
{
  KvAdminFamilies *self = g_object_new (KV_TYPE_ADMIN_FAMILIES, NULL);

  self->store = g_object_ref (store);
  self->proposals = kv_family_proposals_new (store, handler, rules);
  return self;
}

/**
 * kv_admin_families_route:
 * @self: a #KvAdminFamilies
 * @request: a request on /api/v1/families
 *
 * Returns: %FALSE if no endpoint here answers @request (nothing was sent)
 */
gboolean
kv_admin_families_route (KvAdminFamilies      *self,
                         const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_ADMIN_FAMILIES (self), FALSE);

  if (kv_admin_http_is_route (request, "GET", 1, NULL))
    families_list (request);
  else if (kv_admin_http_is_route (request, "POST", 1, NULL))
    families_create (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, "due"))
    families_due (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    families_show (request);
  else if (kv_admin_http_is_route (request, "PATCH", 2, NULL))
    families_update (request);
  else if (kv_admin_http_is_route (request, "POST", 3, "archive"))
    families_archive (request);
  else if (kv_admin_http_is_route (request, "GET", 3, "proposal"))
    families_propose (self, request);
  else
    return FALSE;
  return TRUE;
}
