/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-plan-strip.h"

#include <glib/gi18n.h>

#include "kv-ui.h"

/**
 * KvPlanStrip:
 *
 * The waiting room's "what will happen", in three pictures a child reads
 * without reading, left to right as the visit goes (right to left in
 * right-to-left languages): who (a framed picture, with
 * #KvPlanStrip:peer-label under it), how long (the sun walking its path to
 * the moon, as on the visit's sky timer, with "15 minutes") and "we wave
 * goodbye at the end" (a waving hand). The words are for the adults who
 * read them out.
 *
 * On a small screen (#KvPlanStrip:compact) the pictures are smaller and
 * the words go: each picture still says them to a screen reader, and
 * touching it explains it; the buttons stay at least 96 px.
 *
 * For a very young child (#KvPlanStrip:few-words) the pictures stay as
 * big as ever and only the name stays under the first one: "15 minutes"
 * and "We wave goodbye at the end" go (the pictures still say them to a
 * screen reader and when touched).
 *
 * Each picture is a big button: touching it activates the widget's action
 * `plan.explain` with the step's name, which emits
 * #KvPlanStrip::step-activated, e.g. to play a spoken explanation.
 */

enum {
  PROP_0,
  PROP_PEER_LABEL,
  PROP_MINUTES,
  PROP_LANGUAGE,
  PROP_COMPACT,
  PROP_FEW_WORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STEP_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvPlanStrip
{
  GtkWidget   parent_instance;

  char       *peer_label;
  guint       minutes;
  KvLanguage *language;
  gboolean    compact;
  gboolean    few_words;

  GtkWidget  *who_button;
  GtkWidget  *who_image;
  GtkWidget  *how_long_image;
  GtkWidget  *goodbye_image;
  GtkWidget  *arrow1;
  GtkWidget  *arrow2;
  GtkWidget  *who_label;
  GtkWidget  *how_long_button;
  GtkWidget  *how_long_label;
  GtkWidget  *goodbye_button;
  GtkWidget  *goodbye_label;
};

G_DEFINE_FINAL_TYPE (KvPlanStrip, kv_plan_strip, GTK_TYPE_WIDGET)

/* Picture and arrow sizes, roomy and compact: a compact button is 64 px
 * of picture in 96 px of button (style.css). */
#define PICTURE_PX 136
#define ARROW_PX 44
#define COMPACT_PICTURE_PX 64
#define COMPACT_ARROW_PX 28

static void
set_image (GtkWidget  *image,
           const char *name,
           int         size)
{
  g_autoptr (GdkTexture) texture =
    kv_ui_load_texture (name, size * gtk_widget_get_scale_factor (image));

  gtk_image_set_from_paintable (GTK_IMAGE (image), GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (GTK_IMAGE (image), size);
}

/* Pictures at the size they are shown: cheap to draw (kv-ui.c). */
static void
update_images (KvPlanStrip *self)
{
  int picture = self->compact ? COMPACT_PICTURE_PX : PICTURE_PX;
  int arrow = self->compact ? COMPACT_ARROW_PX : ARROW_PX;

  set_image (self->who_image, "scenes/plan-who.svg", picture);
  set_image (self->how_long_image, "scenes/plan-sun-path.svg", picture);
  set_image (self->goodbye_image, "scenes/wave.svg", picture);
  set_image (self->arrow1, "icons/plan-arrow.svg", arrow);
  set_image (self->arrow2, "icons/plan-arrow.svg", arrow);
}

/* g_set_str() is GLib 2.76. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_texts (KvPlanStrip *self)
{
  gboolean has_peer = self->peer_label != NULL && *self->peer_label != '\0';
  g_autofree char *who = NULL;
  g_autofree char *how_long = NULL;
  g_autofree char *how_long_spoken = NULL;

  /* The name alone under the frame: it is a name, not a sentence. */
  gtk_label_set_text (GTK_LABEL (self->who_label), has_peer ? self->peer_label : "");
  gtk_widget_set_visible (self->who_label, has_peer && !self->compact);
  if (has_peer)
    /* Translators: read out for the first picture of the waiting room's
     * plan; %s is e.g. "Mum" (or on the prison side the child's name) */
    who = g_strdup_printf (_("A visit with %s"), self->peer_label);
  else
    /* Translators: read out for the first picture of the waiting room's
     * plan when the other side has no name on this kiosk */
    who = g_strdup (_("A visit"));
  set_accessible_label (self->who_button, who);

  if (self->minutes > 0)
    {
      /* Translators: under the sun's path in the waiting room's plan: how
       * long the visit is */
      how_long = g_strdup_printf (ngettext ("%u minute", "%u minutes", self->minutes),
                                  self->minutes);
      /* Translators: read out for the sun's path in the waiting room's plan */
      how_long_spoken = g_strdup_printf (ngettext ("The visit lasts %u minute",
                                                   "The visit lasts %u minutes", self->minutes),
                                         self->minutes);
    }
  else
    {
      how_long = g_strdup ("");
      /* Translators: read out for the sun's path when the length is unknown */
      how_long_spoken = g_strdup (_("The sun shows how long the visit lasts"));
    }
  gtk_label_set_text (GTK_LABEL (self->how_long_label), how_long);
  gtk_widget_set_visible (self->how_long_label,
                          self->minutes > 0 && !self->compact && !self->few_words);
  set_accessible_label (self->how_long_button, how_long_spoken);

  gtk_label_set_text (GTK_LABEL (self->goodbye_label),
                      /* Translators: under the waving hand in the waiting
                       * room's plan: the visit ends with a goodbye */
                      _("We wave goodbye at the end"));
  gtk_widget_set_visible (self->goodbye_label, !self->compact && !self->few_words);
  set_accessible_label (self->goodbye_button, gtk_label_get_text (GTK_LABEL (self->goodbye_label)));
}

static void
plan_explain (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *step = g_variant_get_string (parameter, NULL);

  /* Only our own buttons activate it, but it is an action anyone can call. */
  if (g_strcmp0 (step, KV_PLAN_STEP_WHO) != 0 &&
      g_strcmp0 (step, KV_PLAN_STEP_HOW_LONG) != 0 &&
      g_strcmp0 (step, KV_PLAN_STEP_GOODBYE) != 0)
    {
      g_debug ("No plan step called “%s”", step);
      return;
    }
  g_signal_emit (widget, signals[SIGNAL_STEP_ACTIVATED], 0, step);
}

static void
kv_plan_strip_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KvPlanStrip *self = KV_PLAN_STRIP (object);

  switch (prop_id)
    {
    case PROP_PEER_LABEL:
      g_value_set_string (value, self->peer_label);
      break;
    case PROP_MINUTES:
      g_value_set_uint (value, self->minutes);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    case PROP_FEW_WORDS:
      g_value_set_boolean (value, self->few_words);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_plan_strip_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KvPlanStrip *self = KV_PLAN_STRIP (object);

  switch (prop_id)
    {
    case PROP_PEER_LABEL:
      kv_plan_strip_set_peer_label (self, g_value_get_string (value));
      break;
    case PROP_MINUTES:
      kv_plan_strip_set_minutes (self, g_value_get_uint (value));
      break;
    case PROP_LANGUAGE:
      kv_plan_strip_set_language (self, g_value_get_object (value));
      break;
    case PROP_COMPACT:
      kv_plan_strip_set_compact (self, g_value_get_boolean (value));
      break;
    case PROP_FEW_WORDS:
      kv_plan_strip_set_few_words (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_plan_strip_dispose (GObject *object)
{
  KvPlanStrip *self = KV_PLAN_STRIP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_PLAN_STRIP);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_plan_strip_parent_class)->dispose (object);
}

static void
kv_plan_strip_finalize (GObject *object)
{
  KvPlanStrip *self = KV_PLAN_STRIP (object);

  g_free (self->peer_label);

  G_OBJECT_CLASS (kv_plan_strip_parent_class)->finalize (object);
}

static void
kv_plan_strip_class_init (KvPlanStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_plan_strip_get_property;
  object_class->set_property = kv_plan_strip_set_property;
  object_class->dispose = kv_plan_strip_dispose;
  object_class->finalize = kv_plan_strip_finalize;

  /**
   * KvPlanStrip:peer-label:
   *
   * Who the visit is with ("Mum", "Lena"), as staff typed it.
   */
  properties[PROP_PEER_LABEL] =
    g_param_spec_string ("peer-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPlanStrip:minutes:
   *
   * How long the visit is, in minutes; 0 if unknown (then the sun's path
   * shows without a number).
   */
  properties[PROP_MINUTES] =
    g_param_spec_uint ("minutes", NULL, NULL, 0, 24 * 60, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPlanStrip:language: (nullable)
   *
   * The kiosk's language; the texts follow its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPlanStrip:compact:
   *
   * For a small screen: smaller pictures, no words under them.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPlanStrip:few-words:
   *
   * For a very young child: the pictures alone, with only the name under
   * the first one.
   */
  properties[PROP_FEW_WORDS] =
    g_param_spec_boolean ("few-words", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvPlanStrip::step-activated:
   * @step: %KV_PLAN_STEP_WHO, %KV_PLAN_STEP_HOW_LONG or
   *   %KV_PLAN_STEP_GOODBYE
   *
   * A child touched one of the pictures.
   */
  signals[SIGNAL_STEP_ACTIVATED] =
    g_signal_new ("step-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * KvPlanStrip|plan.explain:
   * @step: the step's name, see #KvPlanStrip::step-activated
   *
   * A picture of the plan was touched.
   */
  gtk_widget_class_install_action (widget_class, "plan.explain", "s", plan_explain);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-plan-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, who_button);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, who_image);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, how_long_image);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, goodbye_image);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, arrow1);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, arrow2);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, who_label);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, how_long_button);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, how_long_label);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, goodbye_button);
  gtk_widget_class_bind_template_child (widget_class, KvPlanStrip, goodbye_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-plan-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kv_plan_strip_init (KvPlanStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_texts (self);
  update_images (self);
}

GtkWidget *
kv_plan_strip_new (void)
{
  return g_object_new (KV_TYPE_PLAN_STRIP, NULL);
}

const char *
kv_plan_strip_get_peer_label (KvPlanStrip *self)
{
  g_return_val_if_fail (KV_IS_PLAN_STRIP (self), NULL);
  return self->peer_label;
}

void
kv_plan_strip_set_peer_label (KvPlanStrip *self,
                              const char  *peer_label)
{
  g_return_if_fail (KV_IS_PLAN_STRIP (self));

  if (replace_string (&self->peer_label, peer_label))
    {
      update_texts (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_LABEL]);
    }
}

guint
kv_plan_strip_get_minutes (KvPlanStrip *self)
{
  g_return_val_if_fail (KV_IS_PLAN_STRIP (self), 0);
  return self->minutes;
}

void
kv_plan_strip_set_minutes (KvPlanStrip *self,
                           guint        minutes)
{
  g_return_if_fail (KV_IS_PLAN_STRIP (self));

  if (self->minutes == minutes)
    return;
  self->minutes = minutes;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINUTES]);
}

KvLanguage *
kv_plan_strip_get_language (KvPlanStrip *self)
{
  g_return_val_if_fail (KV_IS_PLAN_STRIP (self), NULL);
  return self->language;
}

void
kv_plan_strip_set_language (KvPlanStrip *self,
                            KvLanguage  *language)
{
  g_return_if_fail (KV_IS_PLAN_STRIP (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update_texts)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

gboolean
kv_plan_strip_get_compact (KvPlanStrip *self)
{
  g_return_val_if_fail (KV_IS_PLAN_STRIP (self), FALSE);
  return self->compact;
}

void
kv_plan_strip_set_compact (KvPlanStrip *self,
                           gboolean     compact)
{
  g_return_if_fail (KV_IS_PLAN_STRIP (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  update_images (self);
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

gboolean
kv_plan_strip_get_few_words (KvPlanStrip *self)
{
  g_return_val_if_fail (KV_IS_PLAN_STRIP (self), FALSE);
  return self->few_words;
}

void
kv_plan_strip_set_few_words (KvPlanStrip *self,
                             gboolean     few_words)
{
  g_return_if_fail (KV_IS_PLAN_STRIP (self));

  few_words = !!few_words;
  if (self->few_words == few_words)
    return;
  self->few_words = few_words;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEW_WORDS]);
}
