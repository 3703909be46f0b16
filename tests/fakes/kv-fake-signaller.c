/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-signaller.h"

#include "kv-fake-messages.h"

struct _KvFakeSignaller
{
  GObject parent_instance;

  KvSignallerState state;
  gboolean started;
  gboolean urgent;
  GPtrArray *sent;   /* KvMessage, as parsed back from the wire */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_URGENT,
  N_PROPS
};

static void kv_fake_signaller_iface_init (KvSignallerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvFakeSignaller, kv_fake_signaller, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_SIGNALLER,
                                                      kv_fake_signaller_iface_init))

static void
kv_fake_signaller_start (KvSignaller *signaller)
{
  KV_FAKE_SIGNALLER (signaller)->started = TRUE;
}

static void
kv_fake_signaller_stop (KvSignaller *signaller)
{
  KvFakeSignaller *self = KV_FAKE_SIGNALLER (signaller);

  self->started = FALSE;
  kv_fake_signaller_set_state (self, KV_SIGNALLER_STATE_DISCONNECTED);
}

static gboolean
kv_fake_signaller_send (KvSignaller      *signaller,
                        const KvMessage  *message,
                        GError          **error)
{
  KvFakeSignaller *self = KV_FAKE_SIGNALLER (signaller);
  g_autofree char *wire = NULL;
  g_autoptr(GError) parse_error = NULL;
  KvMessage *parsed;
  gsize length;

  if (self->state != KV_SIGNALLER_STATE_SIGNED_IN)
    {
      g_set_error_literal (error, KV_NET_ERROR, KV_NET_ERROR_NOT_SIGNED_IN, "Not signed in");
      return FALSE;
    }

  if (!kv_message_type_is_from_kiosk (message->type))
    {
      g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_INVALID_MESSAGE,
                   "A kiosk does not send %s", kv_message_type_to_string (message->type));
      return FALSE;
    }

  /* Record what would really go over the wire: serialize and parse back,
   * so a test sees exactly what the server would receive. */
  wire = kv_message_serialize (message, &length);
  parsed = wire != NULL ? kv_message_parse (wire, length, &parse_error) : NULL;
  if (parsed == NULL)
    {
      g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_INVALID_MESSAGE,
                   "Message does not survive the wire: %s",
                   parse_error != NULL ? parse_error->message : "not serializable");
      return FALSE;
    }

  g_ptr_array_add (self->sent, parsed);
  return TRUE;
}

static void
kv_fake_signaller_iface_init (KvSignallerInterface *iface)
{
  iface->start = kv_fake_signaller_start;
  iface->stop = kv_fake_signaller_stop;
  iface->send = kv_fake_signaller_send;
}

static void
kv_fake_signaller_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvFakeSignaller *self = KV_FAKE_SIGNALLER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_URGENT:
      g_value_set_boolean (value, self->urgent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_fake_signaller_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvFakeSignaller *self = KV_FAKE_SIGNALLER (object);

  switch (prop_id)
    {
    case PROP_URGENT:
      if (self->urgent != g_value_get_boolean (value))
        {
          self->urgent = g_value_get_boolean (value);
          g_object_notify (object, "urgent");
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_fake_signaller_finalize (GObject *object)
{
  KvFakeSignaller *self = KV_FAKE_SIGNALLER (object);

  g_ptr_array_unref (self->sent);

  G_OBJECT_CLASS (kv_fake_signaller_parent_class)->finalize (object);
}

static void
kv_fake_signaller_class_init (KvFakeSignallerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_fake_signaller_get_property;
  object_class->set_property = kv_fake_signaller_set_property;
  object_class->finalize = kv_fake_signaller_finalize;

  g_object_class_override_property (object_class, PROP_STATE, "state");
  g_object_class_override_property (object_class, PROP_URGENT, "urgent");
}

static void
kv_fake_signaller_init (KvFakeSignaller *self)
{
  self->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
}

KvFakeSignaller *
kv_fake_signaller_new (void)
{
  return g_object_new (KV_TYPE_FAKE_SIGNALLER, NULL);
}

void
kv_fake_signaller_set_state (KvFakeSignaller  *self,
                             KvSignallerState  state)
{
  g_return_if_fail (KV_IS_FAKE_SIGNALLER (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify (G_OBJECT (self), "state");
}

void
kv_fake_signaller_sign_in (KvFakeSignaller *self,
                           const char      *kiosk_id,
                           KvRole           role,
                           gint64           server_time_us)
{
  g_autoptr(KvMessage) welcome = kv_fake_message_welcome (kiosk_id, role, server_time_us);

  g_return_if_fail (KV_IS_FAKE_SIGNALLER (self));

  /* Like the real client: the state is SIGNED_IN when "signed-in" runs. */
  kv_fake_signaller_set_state (self, KV_SIGNALLER_STATE_SIGNED_IN);
  kv_signaller_emit_signed_in (KV_SIGNALLER (self), welcome);
}

void
kv_fake_signaller_receive (KvFakeSignaller *self,
                           KvMessage       *message)
{
  g_autoptr(KvMessage) owned = message;
  g_autofree char *wire = NULL;
  g_autoptr(KvMessage) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_return_if_fail (KV_IS_FAKE_SIGNALLER (self));
  g_return_if_fail (message != NULL);

  /* Through the codec, as from a real server: a test cannot inject what
   * the wire could not carry. */
  wire = kv_message_serialize (owned, &length);
  parsed = kv_message_parse (wire, length, &error);
  g_assert_no_error (error);

  kv_signaller_emit_message_received (KV_SIGNALLER (self), parsed);
}

gboolean
kv_fake_signaller_get_started (KvFakeSignaller *self)
{
  return self->started;
}

GPtrArray *
kv_fake_signaller_get_sent (KvFakeSignaller *self)
{
  return self->sent;
}

guint
kv_fake_signaller_count_sent (KvFakeSignaller *self,
                              KvMessageType    type)
{
  guint count = 0;

  for (guint i = 0; i < self->sent->len; i++)
    if (((KvMessage *) g_ptr_array_index (self->sent, i))->type == type)
      count++;

  return count;
}

const KvMessage *
kv_fake_signaller_get_last_sent (KvFakeSignaller *self,
                                 KvMessageType    type)
{
  for (guint i = self->sent->len; i > 0; i--)
    {
      const KvMessage *message = g_ptr_array_index (self->sent, i - 1);

      if (message->type == type)
        return message;
    }

  return NULL;
}

void
kv_fake_signaller_clear_sent (KvFakeSignaller *self)
{
  g_ptr_array_set_size (self->sent, 0);
}
