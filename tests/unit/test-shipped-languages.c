/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-shipped-languages.h"

#include <string.h>

/* The table the build made from po/LINGUAS (po/make-languages.py) says
 * what the source tree says: English first, then LINGUAS in its order,
 * each with the name its catalogue gives itself and the direction of its
 * script. Read here from the files themselves, not from the generator. */

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static GStrv
read_linguas (void)
{
  g_autofree char *path = source_path ("po", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *code = g_strstrip (lines[i]);

      if (code[0] != '\0' && code[0] != '#')
        g_strv_builder_add (codes, code);
    }
  return g_strv_builder_end (codes);
}

/* The catalogue's "X-Language-Name: ...\n" header line. */
static char *
catalogue_name (const char *code)
{
  g_autofree char *file = g_strconcat (code, ".po", NULL);
  g_autofree char *path = source_path ("po", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  start = strstr (text, "\"X-Language-Name: ");
  g_assert_nonnull (start);
  start += strlen ("\"X-Language-Name: ");
  end = strstr (start, "\\n\"");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* Scripts written from the right, by the first letter of the name. */
static gboolean
name_reads_from_the_right (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
          return TRUE;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

static void
test_codes_follow_linguas (void)
{
  g_auto(GStrv) linguas = read_linguas ();
  const char * const *codes = kv_shipped_languages_get_codes ();
  g_autofree char *described = kv_shipped_languages_describe ();
  g_autofree char *expected = NULL;

  g_assert_cmpstr (codes[0], ==, "en");
  g_assert_cmpstrv (codes + 1, linguas);
  expected = g_strjoinv (", ", (GStrv) codes);
  g_assert_cmpstr (described, ==, expected);
}

static void
test_names_and_directions (void)
{
  g_auto(GStrv) linguas = read_linguas ();
  const KvShippedLanguage *english = kv_shipped_languages_lookup ("en");

  /* The source language has no catalogue. */
  g_assert_nonnull (english);
  g_assert_cmpstr (english->name, ==, "English");
  g_assert_false (english->right_to_left);

  for (guint i = 0; linguas[i] != NULL; i++)
    {
      const KvShippedLanguage *language = kv_shipped_languages_lookup (linguas[i]);
      g_autofree char *name = catalogue_name (linguas[i]);

      g_test_message ("%s: %s", linguas[i], name);
      g_assert_nonnull (language);
      g_assert_cmpstr (language->code, ==, linguas[i]);
      g_assert_cmpstr (language->name, ==, name);
      g_assert_cmpint (language->right_to_left, ==, name_reads_from_the_right (name));
    }
}

static void
test_unknown (void)
{
  g_assert_null (kv_shipped_languages_lookup (NULL));
  g_assert_null (kv_shipped_languages_lookup (""));
  g_assert_null (kv_shipped_languages_lookup ("xx"));
  /* Codes are exact: a config says "fr", not "FR" or "fr_FR". */
  g_assert_null (kv_shipped_languages_lookup ("FR"));
  g_assert_null (kv_shipped_languages_lookup ("en_GB"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shipped-languages/codes", test_codes_follow_linguas);
  g_test_add_func ("/shipped-languages/names", test_names_and_directions);
  g_test_add_func ("/shipped-languages/unknown", test_unknown);
  return g_test_run ();
}
