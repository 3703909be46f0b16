/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-not-ok-button.h"

#include <glib/gi18n.h>

#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvNotOkButton:
 *
 * The child's private "I'm not OK" button, on the community kiosk only: a
 * little cloud that feels a bit sad, in soft colours, at least 96 x 96 px.
 * A three-year-old can press it without reading; older children (8+) also
 * see the words. It asks a helper in the room to come; it is not an alarm,
 * so nothing flashes, beeps or turns red, and the other side is never told
 * (design: `child_alert` goes to staff only).
 *
 * Pressing it activates the widget's action `not-ok.press`, which emits
 * #KvNotOkButton::pressed (send the alert from there) and shows a gentle
 * acknowledgement beside the button for a few seconds: a heart and "A
 * helper is coming". It opens towards the end side (right in left-to-right
 * languages), so place the widget in a start corner of the visit screen
 * and it never covers the picture of the call. Pressing again while it
 * shows emits again and keeps it longer.
 *
 * On a small screen (#KvNotOkButton:compact) the button is 96 px and the
 * acknowledgement a smaller heart with the words on two short lines, so
 * it fits beside the button on a narrow picture.
 *
 * On a prison kiosk (#KvNotOkButton:role) the widget is empty and the
 * action disabled: the button must never show there.
 */

/* Long enough for the child to see the heart, short enough not to stay. */
#define DEFAULT_ACKNOWLEDGE_SECONDS 8

/* Picture sizes and the words' width, roomy and compact. */
#define CLOUD_PX 80
#define COMPACT_CLOUD_PX 64
#define HEART_PX 48
#define COMPACT_HEART_PX 32
#define ACK_CHARS 17
#define COMPACT_ACK_CHARS 9

enum {
  PROP_0,
  PROP_ROLE,
  PROP_AGE_BAND,
  PROP_ACKNOWLEDGED,
  PROP_ACKNOWLEDGE_SECONDS,
  PROP_LANGUAGE,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PRESSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvNotOkButton
{
  GtkWidget   parent_instance;

  KvRole      role;
  KvAgeBand   age_band;
  gboolean    acknowledged;
  guint       acknowledge_seconds;
  guint       acknowledge_timeout;
  KvLanguage *language;
  gboolean    compact;

  GtkWidget  *content;
  GtkWidget  *button;
  GtkWidget  *cloud_image;
  GtkWidget  *heart_image;
  GtkWidget  *caption_label;
  GtkWidget  *revealer;
  GtkWidget  *ack_label;
};

G_DEFINE_FINAL_TYPE (KvNotOkButton, kv_not_ok_button, GTK_TYPE_WIDGET)

static void
update_texts (KvNotOkButton *self)
{
  /* Translators: the child's button to ask a helper in the room for help;
   * read out by screen readers, and shown to children of 8 and over */
  const char *name = _("I’m not OK");

  gtk_label_set_text (GTK_LABEL (self->caption_label), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_label_set_text (GTK_LABEL (self->ack_label),
                      /* Translators: shown for a few seconds after the child
                       * pressed "I'm not OK", beside a heart; gentle */
                      _("A helper is coming"));
}

static void
update_role (KvNotOkButton *self)
{
  gboolean community = self->role == KV_ROLE_COMMUNITY;

  gtk_widget_set_visible (self->content, community);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "not-ok.press", community);
  if (!community)
    kv_not_ok_button_set_acknowledged (self, FALSE);
}

static void
update_age_band (KvNotOkButton *self)
{
  /* Younger children do not read: the cloud says it. */
  gtk_widget_set_visible (self->caption_label,
                          self->age_band == KV_AGE_BAND_8_12 ||
                          self->age_band == KV_AGE_BAND_13_17);
}

static gboolean
on_acknowledge_timeout (gpointer user_data)
{
  KvNotOkButton *self = user_data;

  self->acknowledge_timeout = 0;
  kv_not_ok_button_set_acknowledged (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
restart_acknowledge_timeout (KvNotOkButton *self)
{
  g_clear_handle_id (&self->acknowledge_timeout, g_source_remove);
  if (self->acknowledged && self->acknowledge_seconds > 0)
    self->acknowledge_timeout = g_timeout_add_seconds (self->acknowledge_seconds,
                                                       on_acknowledge_timeout, self);
}

static void
not_ok_press (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KvNotOkButton *self = KV_NOT_OK_BUTTON (widget);

  if (self->role != KV_ROLE_COMMUNITY)
    return;
  g_debug ("The child pressed “I’m not OK”");
  g_signal_emit (self, signals[SIGNAL_PRESSED], 0);
  kv_not_ok_button_set_acknowledged (self, TRUE);
  /* Again while it shows: it stays for the full time from now. */
  restart_acknowledge_timeout (self);
}

static void
kv_not_ok_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvNotOkButton *self = KV_NOT_OK_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_AGE_BAND:
      g_value_set_enum (value, self->age_band);
      break;
    case PROP_ACKNOWLEDGED:
      g_value_set_boolean (value, self->acknowledged);
      break;
    case PROP_ACKNOWLEDGE_SECONDS:
      g_value_set_uint (value, self->acknowledge_seconds);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_not_ok_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvNotOkButton *self = KV_NOT_OK_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      kv_not_ok_button_set_role (self, g_value_get_enum (value));
      break;
    case PROP_AGE_BAND:
      kv_not_ok_button_set_age_band (self, g_value_get_enum (value));
      break;
    case PROP_ACKNOWLEDGED:
      kv_not_ok_button_set_acknowledged (self, g_value_get_boolean (value));
      break;
    case PROP_ACKNOWLEDGE_SECONDS:
      kv_not_ok_button_set_acknowledge_seconds (self, g_value_get_uint (value));
      break;
    case PROP_LANGUAGE:
      kv_not_ok_button_set_language (self, g_value_get_object (value));
      break;
    case PROP_COMPACT:
      kv_not_ok_button_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_not_ok_button_dispose (GObject *object)
{
  KvNotOkButton *self = KV_NOT_OK_BUTTON (object);

  g_clear_handle_id (&self->acknowledge_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_NOT_OK_BUTTON);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_not_ok_button_parent_class)->dispose (object);
}

static void
kv_not_ok_button_class_init (KvNotOkButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_not_ok_button_get_property;
  object_class->set_property = kv_not_ok_button_set_property;
  object_class->dispose = kv_not_ok_button_dispose;

  /**
   * KvNotOkButton:role:
   *
   * Which side this kiosk is on. Only the community side (the child's)
   * has the button; on the prison side the widget is empty.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvNotOkButton:age-band:
   *
   * The child's age band: from 8 the button also says "I'm not OK" in
   * words; younger children see only the picture.
   */
  properties[PROP_AGE_BAND] =
    g_param_spec_enum ("age-band", NULL, NULL, KV_TYPE_AGE_BAND, KV_AGE_BAND_UNSPECIFIED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvNotOkButton:acknowledged:
   *
   * Whether the gentle "A helper is coming" shows. Pressing sets it; it
   * clears itself after #KvNotOkButton:acknowledge-seconds. Set it to
   * show or hide the acknowledgement from outside.
   */
  properties[PROP_ACKNOWLEDGED] =
    g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvNotOkButton:acknowledge-seconds:
   *
   * How long the acknowledgement shows; 0 keeps it until
   * #KvNotOkButton:acknowledged is set to %FALSE.
   */
  properties[PROP_ACKNOWLEDGE_SECONDS] =
    g_param_spec_uint ("acknowledge-seconds", NULL, NULL, 0, 600, DEFAULT_ACKNOWLEDGE_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvNotOkButton:language: (nullable)
   *
   * The kiosk's language; the texts follow its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvNotOkButton:compact:
   *
   * A small screen: a 96 px button and a smaller acknowledgement.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvNotOkButton::pressed:
   *
   * The child pressed "I'm not OK" (the action `not-ok.press` was
   * activated). Send the child alert to staff; emitted again on every
   * press (the server counts at most one every 10 seconds).
   */
  signals[SIGNAL_PRESSED] =
    g_signal_new ("pressed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KvNotOkButton|not-ok.press:
   *
   * The child presses "I'm not OK".
   */
  gtk_widget_class_install_action (widget_class, "not-ok.press", NULL, not_ok_press);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-not-ok-button.ui");
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, content);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, button);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, cloud_image);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, heart_image);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, caption_label);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, revealer);
  gtk_widget_class_bind_template_child (widget_class, KvNotOkButton, ack_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-not-ok-button");
}

static void
kv_not_ok_button_init (KvNotOkButton *self)
{
  self->acknowledge_seconds = DEFAULT_ACKNOWLEDGE_SECONDS;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_texts (self);
  update_role (self);
  update_age_band (self);
  /* Pictures at the size they are shown: cheap to draw (kv-ui.c). */
  kv_ui_size_images (GTK_WIDGET (self));
}

GtkWidget *
kv_not_ok_button_new (void)
{
  return g_object_new (KV_TYPE_NOT_OK_BUTTON, NULL);
}

KvRole
kv_not_ok_button_get_role (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), KV_ROLE_COMMUNITY);
  return self->role;
}

void
kv_not_ok_button_set_role (KvNotOkButton *self,
                           KvRole         role)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));

  if (self->role == role)
    return;
  self->role = role;
  update_role (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

KvAgeBand
kv_not_ok_button_get_age_band (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), KV_AGE_BAND_UNSPECIFIED);
  return self->age_band;
}

void
kv_not_ok_button_set_age_band (KvNotOkButton *self,
                               KvAgeBand      age_band)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));

  if (self->age_band == age_band)
    return;
  self->age_band = age_band;
  update_age_band (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE_BAND]);
}

gboolean
kv_not_ok_button_get_acknowledged (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), FALSE);
  return self->acknowledged;
}

void
kv_not_ok_button_set_acknowledged (KvNotOkButton *self,
                                   gboolean       acknowledged)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));

  acknowledged = !!acknowledged && self->role == KV_ROLE_COMMUNITY;
  if (self->acknowledged == acknowledged)
    return;
  self->acknowledged = acknowledged;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), acknowledged);
  if (acknowledged)
    gtk_widget_add_css_class (GTK_WIDGET (self), "acknowledged");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "acknowledged");
  restart_acknowledge_timeout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGED]);
}

guint
kv_not_ok_button_get_acknowledge_seconds (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), 0);
  return self->acknowledge_seconds;
}

void
kv_not_ok_button_set_acknowledge_seconds (KvNotOkButton *self,
                                          guint          seconds)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));

  if (self->acknowledge_seconds == seconds)
    return;
  self->acknowledge_seconds = seconds;
  restart_acknowledge_timeout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGE_SECONDS]);
}

KvLanguage *
kv_not_ok_button_get_language (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), NULL);
  return self->language;
}

void
kv_not_ok_button_set_language (KvNotOkButton *self,
                               KvLanguage    *language)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update_texts)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

static void
set_image_size (GtkWidget  *image,
                const char *name,
                int         size)
{
  g_autoptr (GdkTexture) texture = kv_ui_load_texture (name, size * gtk_widget_get_scale_factor (image));

  gtk_image_set_from_paintable (GTK_IMAGE (image), GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (GTK_IMAGE (image), size);
}

gboolean
kv_not_ok_button_get_compact (KvNotOkButton *self)
{
  g_return_val_if_fail (KV_IS_NOT_OK_BUTTON (self), FALSE);
  return self->compact;
}

void
kv_not_ok_button_set_compact (KvNotOkButton *self,
                              gboolean       compact)
{
  g_return_if_fail (KV_IS_NOT_OK_BUTTON (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  set_image_size (self->cloud_image, "icons/not-ok-cloud.svg", compact ? COMPACT_CLOUD_PX : CLOUD_PX);
  set_image_size (self->heart_image, "stickers/heart.svg", compact ? COMPACT_HEART_PX : HEART_PX);
  gtk_label_set_width_chars (GTK_LABEL (self->ack_label), compact ? COMPACT_ACK_CHARS : ACK_CHARS);
  gtk_label_set_max_width_chars (GTK_LABEL (self->ack_label),
                                 compact ? COMPACT_ACK_CHARS + 2 : ACK_CHARS + 3);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
