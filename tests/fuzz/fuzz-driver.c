/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A small stand-in for libFuzzer, so that the default test suite exercises
 * every fuzz target on every run without clang: it replays the seed corpus,
 * then runs a bounded number of deterministic mutations of it (bit flips,
 * byte edits, insertions of JSON and config tokens, value swaps, splices).
 * When a check fails (abort) or the target crashes, the input is written to
 * ./fuzz-crash-input, for replay with `fuzz-<target> FILE` or the libFuzzer
 * build.
 *
 * Usage: fuzz-<target> [--iterations N] [--seed S] [--max-size BYTES] PATH...
 * where each PATH is a file or a directory of seed files. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Tokens that reach the interesting paths of JSON and .conf parsers. */
static const char * const dictionary[] = {
  "\"", "\\", "{", "}", "[", "]", ",", ":", "\"\"", "null", "true", "false",
  "0", "-1", "-0", "1.5", "1e2", "1e999", "0x10", "01", "255", "256",
  "2147483647", "2147483648", "4294967296", "18446744073709551617",
  "9223372036854775807", "86400000", "86400001", "\\u0000", "\\ud800",
  "\\ud83d\\udc4b", "\\n", "\\t", "\\b", "\\/", "\\u001b", "é", "\xc3\x28",
  "\"type\":", "\"booking\":\"b-1\"", "\"version\":", "\"generation\":",
  "\"mline_index\":", "\"ice_servers\":[", "\"urls\":[", "\"bookings\":[",
  "\"present\":[\"prison\",\"community\"]", "\"cues\":[", "Z", "z", "T",
  ".2Z", ".250Z", ".123456789Z", "+00:00", "+02:00", "-00:00", ":60Z",
  "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-02-29T00:00:00Z",
  "\"hello\"", "\"welcome\"", "\"ping\"", "\"pong\"", "\"schedule\"", "\"join\"",
  "\"presence\"", "\"confirm\"", "\"session\"", "\"start\"", "\"cue\"",
  "\"goodbye\"", "\"end\"", "\"staff_end\"", "\"media\"", "\"sdp\"", "\"ice\"",
  "\"error\"", "stun:", "turn:", "turns:", "[[[[[[[[[[[[[[[[[[", "\n", "\r\n",
  "=", "[kiosk]", "[server]", "[media]", "[rules]", "[turn]", "[secrets]",
  "role=", "prison", "community", "url=", "wss://", "ws://127.0.0.1:0/",
  "port=", "65536", "minutes", ";", "#", "\\;", "\\s",
};

typedef struct
{
  GPtrArray *inputs;   /* GBytes */
  GRand     *rand;
  gsize      max_size;
} Fuzzer;

static void
add_file (Fuzzer     *fuzzer,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "fuzz-driver: %s\n", error->message);
      exit (2);
    }
  g_ptr_array_add (fuzzer->inputs, g_bytes_new_take (contents, length));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
add_path (Fuzzer     *fuzzer,
          const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      add_file (fuzzer, path);
      return;
    }

  /* Sorted, so that a run is the same on every machine. */
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      add_path (fuzzer, child);
    }
}

static gsize
pick (Fuzzer *fuzzer,
      gsize   n)
{
  return n == 0 ? 0 : (gsize) g_rand_int_range (fuzzer->rand, 0, (gint32) MIN (n, G_MAXINT32));
}

static void
insert_bytes (GByteArray *data,
              gsize       at,
              const void *bytes,
              gsize       n)
{
  g_byte_array_set_size (data, data->len + n);
  memmove (data->data + at + n, data->data + at, data->len - n - at);
  memcpy (data->data + at, bytes, n);
}

static void
mutate_once (Fuzzer     *fuzzer,
             GByteArray *data)
{
  gsize at = pick (fuzzer, data->len + 1);

  switch (g_rand_int_range (fuzzer->rand, 0, 9))
    {
    case 0:  /* flip a bit */
      if (data->len > 0)
        data->data[pick (fuzzer, data->len)] ^= 1 << g_rand_int_range (fuzzer->rand, 0, 8);
      break;
    case 1:  /* any byte */
      if (data->len > 0)
        data->data[pick (fuzzer, data->len)] = (guint8) g_rand_int_range (fuzzer->rand, 0, 256);
      break;
    case 2:  /* delete a range */
      if (at < data->len)
        {
          gsize n = 1 + pick (fuzzer, 16);

          g_byte_array_remove_range (data, at, MIN (data->len - at, n));
        }
      break;
    case 3:  /* insert a dictionary token */
    case 4:
      {
        const char *token = dictionary[pick (fuzzer, G_N_ELEMENTS (dictionary))];

        insert_bytes (data, at, token, strlen (token));
        break;
      }
    case 5:  /* replace the value after a ':' or '=' with a token */
      {
        const char *token = dictionary[pick (fuzzer, G_N_ELEMENTS (dictionary))];
        gsize start = at, end;

        while (start < data->len && data->data[start] != ':' && data->data[start] != '=')
          start++;
        if (start >= data->len)
          break;
        start++;
        end = start;
        while (end < data->len && strchr (",}]\n", data->data[end]) == NULL)
          end++;
        g_byte_array_remove_range (data, start, end - start);
        insert_bytes (data, start, token, strlen (token));
        break;
      }
    case 6:  /* repeat a range: long strings, long lists */
      if (at < data->len)
        {
          gsize n = 1 + pick (fuzzer, 64);
          guint times = 1 + g_rand_int_range (fuzzer->rand, 0, 64);
          g_autofree guint8 *copy = NULL;

          n = MIN (data->len - at, n);
          copy = g_memdup2 (data->data + at, n);

          for (guint i = 0; i < times && data->len + n <= fuzzer->max_size; i++)
            insert_bytes (data, at, copy, n);
        }
      break;
    case 7:  /* splice in a piece of another input */
      {
        GBytes *other = g_ptr_array_index (fuzzer->inputs, pick (fuzzer, fuzzer->inputs->len));
        gsize other_len;
        const guint8 *other_data = g_bytes_get_data (other, &other_len);
        gsize from = pick (fuzzer, other_len);
        gsize n = 1 + pick (fuzzer, 256);

        if (other_len > 0)
          insert_bytes (data, at, other_data + from, MIN (other_len - from, n));
        break;
      }
    default:  /* truncate */
      g_byte_array_set_size (data, at);
      break;
    }

  if (data->len > fuzzer->max_size)
    g_byte_array_set_size (data, fuzzer->max_size);
}

/* The input being run, for on_crash(). */
static const guint8 *current_data;
static gsize current_size;

static void
on_crash (int signum)
{
  static const char message[] = "fuzz-driver: input written to ./fuzz-crash-input\n";
  int fd = open ("fuzz-crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);

  /* Only async-signal-safe calls here. */
  if (fd >= 0)
    {
      if (write (fd, current_data, current_size) >= 0 &&
          write (STDERR_FILENO, message, sizeof message - 1) >= 0)
        {
          /* nothing else to do */
        }
      close (fd);
    }
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
run_one (const guint8 *data,
         gsize         size)
{
  /* A private copy of exactly @size bytes, so that ASan or MALLOC_CHECK_
   * catch any read past the end, as under libFuzzer. */
  g_autofree guint8 *copy = g_malloc (MAX (size, 1));  /* never NULL, as in libFuzzer */

  if (size > 0)
    memcpy (copy, data, size);

  current_data = copy;
  current_size = size;
  LLVMFuzzerTestOneInput (copy, size);
  current_data = NULL;
  current_size = 0;
}

int
main (int    argc,
      char **argv)
{
  Fuzzer fuzzer = { NULL, NULL, 70 * 1024 };
  guint64 iterations = 20000, seed = 1;
  gsize n_seeds;

  fuzzer.inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--iterations") && i + 1 < argc)
        iterations = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--max-size") && i + 1 < argc)
        fuzzer.max_size = g_ascii_strtoull (argv[++i], NULL, 10);
      else
        add_path (&fuzzer, argv[i]);
    }
  if (fuzzer.inputs->len == 0)
    {
      fprintf (stderr, "Usage: %s [--iterations N] [--seed S] [--max-size BYTES] PATH...\n",
               argv[0]);
      return 2;
    }
  n_seeds = fuzzer.inputs->len;
  signal (SIGABRT, on_crash);
  signal (SIGSEGV, on_crash);
  signal (SIGBUS, on_crash);
  fuzzer.rand = g_rand_new_with_seed ((guint32) seed);

  for (guint i = 0; i < n_seeds; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (fuzzer.inputs, i), &size);

      run_one (data, size);
    }

  for (guint64 i = 0; i < iterations; i++)
    {
      GBytes *base = g_ptr_array_index (fuzzer.inputs, pick (&fuzzer, fuzzer.inputs->len));
      gsize size;
      const guint8 *base_data = g_bytes_get_data (base, &size);
      g_autoptr(GByteArray) data = g_byte_array_sized_new ((guint) size + 64);
      guint n_mutations = 1 + g_rand_int_range (fuzzer.rand, 0, 4);

      g_byte_array_append (data, base_data, (guint) size);
      for (guint m = 0; m < n_mutations; m++)
        mutate_once (&fuzzer, data);
      run_one (data->data, data->len);

      /* Interesting inputs breed: keep some mutants as bases (bounded). */
      if (fuzzer.inputs->len < n_seeds + 2000 && g_rand_int_range (fuzzer.rand, 0, 8) == 0)
        g_ptr_array_add (fuzzer.inputs, g_bytes_new (data->data, data->len));
    }

  printf ("# %s: %" G_GSIZE_FORMAT " seed inputs and %" G_GUINT64_FORMAT
          " mutations (seed %" G_GUINT64_FORMAT ") ran clean\n",
          argv[0], n_seeds, iterations, seed);

  g_rand_free (fuzzer.rand);
  g_ptr_array_unref (fuzzer.inputs);
  return 0;
}
