/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-device-test.h"

#include "kv-kiosk-error.h"

#include <glib/gi18n-lib.h>

/**
 * KvDeviceTest:
 *
 * Staff's camera and microphone test between visits: a local preview
 * (#KvMediaPreview, no network) whose picture and microphone level the
 * staff panel shows. Only one user of the camera at a time: it is stopped
 * before a visit's call is set up.
 *
 * Properties (read-only, notified only on change): "testing",
 * "self-paintable" and "input-level" (the preview's, while testing).
 * #KvDeviceTest::camera-checked says what a test found out about the
 * camera.
 */

enum {
  PROP_0,
  PROP_CALL_FACTORY,
  PROP_TESTING,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CAMERA_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvDeviceTest
{
  GObject parent_instance;

  KvCallFactory *call_factory;
  KvMediaPreview *preview;   /* while testing */
};

G_DEFINE_FINAL_TYPE (KvDeviceTest, kv_device_test, G_TYPE_OBJECT)

static void
on_preview_changed (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  KvDeviceTest *self = user_data;

  /* The preview's properties are ours, by the same names. */
  g_object_notify_by_pspec (G_OBJECT (self),
                            g_str_equal (g_param_spec_get_name (pspec), "input-level")
                            ? properties[PROP_INPUT_LEVEL] : properties[PROP_SELF_PAINTABLE]);
}

static void
kv_device_test_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvDeviceTest *self = KV_DEVICE_TEST (object);

  switch (prop_id)
    {
    case PROP_CALL_FACTORY: g_value_set_object (value, self->call_factory); break;
    case PROP_TESTING: g_value_set_boolean (value, self->preview != NULL); break;
    case PROP_SELF_PAINTABLE: g_value_set_object (value, kv_device_test_get_self_paintable (self)); break;
    case PROP_INPUT_LEVEL: g_value_set_double (value, kv_device_test_get_input_level (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_device_test_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvDeviceTest *self = KV_DEVICE_TEST (object);

  switch (prop_id)
    {
    case PROP_CALL_FACTORY:
      self->call_factory = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_device_test_dispose (GObject *object)
{
  KvDeviceTest *self = KV_DEVICE_TEST (object);

  kv_device_test_stop (self);
  g_clear_object (&self->call_factory);

  G_OBJECT_CLASS (kv_device_test_parent_class)->dispose (object);
}

static void
kv_device_test_class_init (KvDeviceTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_device_test_get_property;
  object_class->set_property = kv_device_test_set_property;
  object_class->dispose = kv_device_test_dispose;

  properties[PROP_CALL_FACTORY] =
    g_param_spec_object ("call-factory", NULL, NULL, KV_TYPE_CALL_FACTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvDeviceTest:testing:
   *
   * Whether the preview is running.
   */
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE, ro);
  properties[PROP_SELF_PAINTABLE] =
    g_param_spec_object ("self-paintable", NULL, NULL, GDK_TYPE_PAINTABLE, ro);
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, 0.0, 1.0, 0.0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvDeviceTest::camera-checked:
   * @self: the device test
   * @found: %TRUE: the camera and microphone work; %FALSE: they are
   *   missing
   *
   * A test found out whether the configured camera and microphone are
   * there.
   */
  signals[SIGNAL_CAMERA_CHECKED] =
    g_signal_new ("camera-checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kv_device_test_init (KvDeviceTest *self)
{
}

KvDeviceTest *
kv_device_test_new (KvCallFactory *call_factory)
{
  g_return_val_if_fail (KV_IS_CALL_FACTORY (call_factory), NULL);

  return g_object_new (KV_TYPE_DEVICE_TEST, "call-factory", call_factory, NULL);
}

/**
 * kv_device_test_start:
 * @self: a #KvDeviceTest
 * @camera_in_use: whether a visit's call has the camera
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Starts the preview, unless it runs already: staff's camera and
 * microphone test, while no call is active.
 *
 * Returns: whether the preview runs
 */
gboolean
kv_device_test_start (KvDeviceTest  *self,
                      gboolean       camera_in_use,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_DEVICE_TEST (self), FALSE);

  if (self->preview != NULL)
    return TRUE;
  if (camera_in_use)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_CALL_ACTIVE,
                           /* Translators: shown to staff */
                           _("The camera is in use by the visit."));
      return FALSE;
    }

  self->preview = kv_call_factory_create_preview (self->call_factory, &local_error);
  if (self->preview == NULL)
    {
      g_warning ("Camera and microphone test failed: %s", local_error->message);
      if (g_error_matches (local_error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING))
        g_signal_emit (self, signals[SIGNAL_CAMERA_CHECKED], 0, FALSE);
      g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_DEVICE,
                   /* Translators: shown to staff; %s is the technical reason */
                   _("The camera or microphone does not work: %s"), local_error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_CAMERA_CHECKED], 0, TRUE);
  g_signal_connect_object (self->preview, "notify::self-paintable",
                           G_CALLBACK (on_preview_changed), self, 0);
  g_signal_connect_object (self->preview, "notify::input-level",
                           G_CALLBACK (on_preview_changed), self, 0);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELF_PAINTABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * kv_device_test_stop:
 * @self: a #KvDeviceTest
 *
 * Stops the preview and lets go of the camera and microphone.
 */
void
kv_device_test_stop (KvDeviceTest *self)
{
  g_return_if_fail (KV_IS_DEVICE_TEST (self));

  if (self->preview == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->preview, self);
  kv_media_preview_stop (self->preview);
  g_clear_object (&self->preview);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELF_PAINTABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
kv_device_test_get_testing (KvDeviceTest *self)
{
  g_return_val_if_fail (KV_IS_DEVICE_TEST (self), FALSE);
  return self->preview != NULL;
}

/**
 * kv_device_test_get_self_paintable:
 * @self: a #KvDeviceTest
 *
 * Returns: (transfer none) (nullable): the camera's picture while testing
 */
GdkPaintable *
kv_device_test_get_self_paintable (KvDeviceTest *self)
{
  g_return_val_if_fail (KV_IS_DEVICE_TEST (self), NULL);
  return self->preview != NULL ? kv_media_preview_get_self_paintable (self->preview) : NULL;
}

double
kv_device_test_get_input_level (KvDeviceTest *self)
{
  g_return_val_if_fail (KV_IS_DEVICE_TEST (self), 0.0);
  return self->preview != NULL ? kv_media_preview_get_input_level (self->preview) : 0.0;
}
