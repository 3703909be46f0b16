/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-call-factory.h"

struct _KvFakeCallFactory
{
  GObject parent_instance;

  GError *error;
  GPtrArray *calls;        /* KvFakeCall */
  GPtrArray *previews;     /* KvFakeMediaPreview */
  GPtrArray *last_ice_servers;
};

static void kv_fake_call_factory_iface_init (KvCallFactoryInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvFakeCallFactory, kv_fake_call_factory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_CALL_FACTORY,
                                                      kv_fake_call_factory_iface_init))

static KvIceServer *
copy_ice_server (const KvIceServer *server)
{
  KvIceServer *copy = g_new0 (KvIceServer, 1);

  copy->urls = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; server->urls != NULL && i < server->urls->len; i++)
    g_ptr_array_add (copy->urls, g_strdup (g_ptr_array_index (server->urls, i)));
  copy->username = g_strdup (server->username);
  copy->credential = g_strdup (server->credential);

  return copy;
}

static KvCallBackend *
kv_fake_call_factory_create_call (KvCallFactory  *factory,
                                  gboolean        offerer,
                                  GPtrArray      *ice_servers,
                                  GError        **error)
{
  KvFakeCallFactory *self = KV_FAKE_CALL_FACTORY (factory);
  KvFakeCall *call;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }

  g_clear_pointer (&self->last_ice_servers, g_ptr_array_unref);
  if (ice_servers != NULL)
    {
      self->last_ice_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);
      for (guint i = 0; i < ice_servers->len; i++)
        g_ptr_array_add (self->last_ice_servers, copy_ice_server (g_ptr_array_index (ice_servers, i)));
    }

  call = kv_fake_call_new (offerer);
  g_ptr_array_add (self->calls, g_object_ref (call));

  return KV_CALL_BACKEND (call);
}

static KvMediaPreview *
kv_fake_call_factory_create_preview (KvCallFactory  *factory,
                                     GError        **error)
{
  KvFakeCallFactory *self = KV_FAKE_CALL_FACTORY (factory);
  KvFakeMediaPreview *preview;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }

  preview = kv_fake_media_preview_new ();
  g_ptr_array_add (self->previews, g_object_ref (preview));

  return KV_MEDIA_PREVIEW (preview);
}

static void
kv_fake_call_factory_iface_init (KvCallFactoryInterface *iface)
{
  iface->create_call = kv_fake_call_factory_create_call;
  iface->create_preview = kv_fake_call_factory_create_preview;
}

static void
kv_fake_call_factory_dispose (GObject *object)
{
  KvFakeCallFactory *self = KV_FAKE_CALL_FACTORY (object);

  g_ptr_array_set_size (self->calls, 0);
  g_ptr_array_set_size (self->previews, 0);

  G_OBJECT_CLASS (kv_fake_call_factory_parent_class)->dispose (object);
}

static void
kv_fake_call_factory_finalize (GObject *object)
{
  KvFakeCallFactory *self = KV_FAKE_CALL_FACTORY (object);

  g_clear_error (&self->error);
  g_ptr_array_unref (self->calls);
  g_ptr_array_unref (self->previews);
  g_clear_pointer (&self->last_ice_servers, g_ptr_array_unref);

  G_OBJECT_CLASS (kv_fake_call_factory_parent_class)->finalize (object);
}

static void
kv_fake_call_factory_class_init (KvFakeCallFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_fake_call_factory_dispose;
  object_class->finalize = kv_fake_call_factory_finalize;
}

static void
kv_fake_call_factory_init (KvFakeCallFactory *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->previews = g_ptr_array_new_with_free_func (g_object_unref);
}

KvFakeCallFactory *
kv_fake_call_factory_new (void)
{
  return g_object_new (KV_TYPE_FAKE_CALL_FACTORY, NULL);
}

void
kv_fake_call_factory_set_error (KvFakeCallFactory *self,
                                const GError      *error)
{
  g_return_if_fail (KV_IS_FAKE_CALL_FACTORY (self));

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}

guint
kv_fake_call_factory_get_n_calls (KvFakeCallFactory *self)
{
  return self->calls->len;
}

KvFakeCall *
kv_fake_call_factory_get_last_call (KvFakeCallFactory *self)
{
  return self->calls->len > 0 ? g_ptr_array_index (self->calls, self->calls->len - 1) : NULL;
}

guint
kv_fake_call_factory_get_n_previews (KvFakeCallFactory *self)
{
  return self->previews->len;
}

KvFakeMediaPreview *
kv_fake_call_factory_get_last_preview (KvFakeCallFactory *self)
{
  return self->previews->len > 0 ? g_ptr_array_index (self->previews, self->previews->len - 1)
                                 : NULL;
}

GPtrArray *
kv_fake_call_factory_get_last_ice_servers (KvFakeCallFactory *self)
{
  return self->last_ice_servers;
}
