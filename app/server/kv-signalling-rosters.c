/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-rosters.h"

/**
 * KvSignallingRosters:
 *
 * The `staff_roster` of each signed-in kiosk: who may open its staff panel
 * with a personal PIN, and its site's time zone. A kiosk gets its roster
 * right after `welcome`, and again when staff accounts change
 * (kv_signalling_rosters_send_all()). The ids of the roster a kiosk was
 * last sent are kept, so that a `staff` in its staff messages can be
 * checked against what the kiosk could have known.
 *
 * Only connections of protocol version 3 or later get a roster: older
 * kiosks would refuse the message.
 */

enum {
  PROP_0,
  PROP_STORE,
  PROP_PEERS,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSignallingRosters
{
  GObject             parent_instance;

  KvStore            *store;
  KvSignallingPeers  *peers;
  KvSignallingOutbox *outbox;

  /* kiosk id -> set of the staff ids it was last sent */
  GHashTable         *sent;
};

G_DEFINE_FINAL_TYPE (KvSignallingRosters, kv_signalling_rosters, G_TYPE_OBJECT)

static void
kv_signalling_rosters_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KvSignallingRosters *self = KV_SIGNALLING_ROSTERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PEERS:
      self->peers = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_rosters_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KvSignallingRosters *self = KV_SIGNALLING_ROSTERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PEERS:
      g_value_set_object (value, self->peers);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_rosters_dispose (GObject *object)
{
  KvSignallingRosters *self = KV_SIGNALLING_ROSTERS (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->peers);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_signalling_rosters_parent_class)->dispose (object);
}

static void
kv_signalling_rosters_finalize (GObject *object)
{
  KvSignallingRosters *self = KV_SIGNALLING_ROSTERS (object);

  g_hash_table_unref (self->sent);

  G_OBJECT_CLASS (kv_signalling_rosters_parent_class)->finalize (object);
}

static void
kv_signalling_rosters_class_init (KvSignallingRostersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_rosters_set_property;
  object_class->get_property = kv_signalling_rosters_get_property;
  object_class->dispose = kv_signalling_rosters_dispose;
  object_class->finalize = kv_signalling_rosters_finalize;

  /**
   * KvSignallingRosters:store:
   *
   * Where staff accounts, sites and kiosks are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingRosters:peers:
   *
   * The signed-in kiosks, to send every one its roster again.
   */
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, KV_TYPE_SIGNALLING_PEERS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingRosters:outbox:
   *
   * Where the rosters go.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_signalling_rosters_init (KvSignallingRosters *self)
{
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_hash_table_unref);
}

KvSignallingRosters *
kv_signalling_rosters_new (KvStore            *store,
                           KvSignallingPeers  *peers,
                           KvSignallingOutbox *outbox)
{
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (peers), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_ROSTERS,
                       "store", store,
                       "peers", peers,
                       "outbox", outbox,
                       NULL);
}

/* A kiosk refuses a message over the protocol's size limit, roster and
 * all. 250 people with typical names and hashes take ~45 KiB, but long
 * names in a non-Latin script could take more: then the last people (by
 * id) are left out, with a warning, rather than the whole roster. */
static void
fit_message (KvMessage  *message,
             const char *kiosk_id)
{
  GPtrArray *staff = message->staff_roster.staff;
  guint n_before = staff->len;
  gsize length;

  g_free (kv_message_serialize (message, &length));
  while (length > KV_PROTOCOL_MAX_MESSAGE_SIZE && staff->len > 0)
    {
      /* Drop about as many as the excess holds at the average entry's
       * size, then check again: one or two rounds. */
      gsize average = MAX (length / staff->len, 1);
      guint drop = (guint) MIN ((gsize) staff->len,
                                (length - KV_PROTOCOL_MAX_MESSAGE_SIZE) / average + 1);

      g_ptr_array_remove_range (staff, staff->len - drop, drop);
      g_free (kv_message_serialize (message, &length));
    }
  if (staff->len < n_before)
    g_warning ("The staff roster of kiosk %s is too large to send whole: the last %u of %u "
               "people (by id) are left out", kiosk_id, n_before - staff->len, n_before);
}

/**
 * kv_signalling_rosters_send:
 * @self: a #KvSignallingRosters
 * @peer: a signed-in connection
 *
 * Queues @peer's kiosk's current roster, if its protocol version has the
 * message. If the store cannot be read, nothing is sent: the kiosk keeps
 * the roster it has (on its disk too), which is better than emptying it.
 */
void
kv_signalling_rosters_send (KvSignallingRosters *self,
                            KvPeer              *peer)
{
  g_autoptr(KvKioskRoster) roster = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *ids;
  KvMessage *message;

  g_return_if_fail (KV_IS_SIGNALLING_ROSTERS (self));
  g_return_if_fail (peer->kiosk_id != NULL);

  if (peer->closing ||
      peer->version < kv_message_type_get_min_version (KV_MESSAGE_STAFF_ROSTER))
    return;

  roster = kv_store_get_kiosk_roster (self->store, peer->kiosk_id, &error);
  if (roster == NULL)
    {
      g_warning ("No staff roster for kiosk %s: %s", peer->kiosk_id, error->message);
      return;
    }

  message = kv_message_new (KV_MESSAGE_STAFF_ROSTER);
  message->staff_roster.time_zone = g_steal_pointer (&roster->time_zone);
  g_ptr_array_extend_and_steal (message->staff_roster.staff, g_steal_pointer (&roster->staff));
  fit_message (message, peer->kiosk_id);

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < message->staff_roster.staff->len; i++)
    {
      KvRosterEntry *entry = g_ptr_array_index (message->staff_roster.staff, i);

      g_hash_table_add (ids, g_strdup (entry->id));
    }
  g_hash_table_replace (self->sent, g_strdup (peer->kiosk_id), ids);

  g_debug ("Staff roster of %u for kiosk %s", g_hash_table_size (ids), peer->kiosk_id);
  kv_signalling_outbox_send (self->outbox, peer, message, FALSE);
}

/**
 * kv_signalling_rosters_send_all:
 * @self: a #KvSignallingRosters
 *
 * Queues every signed-in kiosk's roster again, e.g. after staff accounts
 * changed.
 */
void
kv_signalling_rosters_send_all (KvSignallingRosters *self)
{
  g_autoptr(GPtrArray) peers = NULL;

  g_return_if_fail (KV_IS_SIGNALLING_ROSTERS (self));

  peers = kv_signalling_peers_list (self->peers);
  for (guint i = 0; i < peers->len; i++)
    kv_signalling_rosters_send (self, g_ptr_array_index (peers, i));
}

/**
 * kv_signalling_rosters_forget:
 * @self: a #KvSignallingRosters
 * @kiosk_id: a kiosk that signed out
 */
void
kv_signalling_rosters_forget (KvSignallingRosters *self,
                              const char          *kiosk_id)
{
  g_return_if_fail (KV_IS_SIGNALLING_ROSTERS (self));

  g_hash_table_remove (self->sent, kiosk_id);
}

/**
 * kv_signalling_rosters_has_staff:
 * @self: a #KvSignallingRosters
 * @kiosk_id: a signed-in kiosk
 * @staff_id: a staff id the kiosk named
 *
 * Returns: whether @staff_id was on the roster @kiosk_id was last sent
 */
gboolean
kv_signalling_rosters_has_staff (KvSignallingRosters *self,
                                 const char          *kiosk_id,
                                 const char          *staff_id)
{
  GHashTable *ids;

  g_return_val_if_fail (KV_IS_SIGNALLING_ROSTERS (self), FALSE);

  ids = g_hash_table_lookup (self->sent, kiosk_id);
  return ids != NULL && staff_id != NULL && g_hash_table_contains (ids, staff_id);
}
