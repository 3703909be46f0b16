/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-server-cli.h"

int
main (int    argc,
      char **argv)
{
  return kv_server_cli_main (argc, argv);
}
