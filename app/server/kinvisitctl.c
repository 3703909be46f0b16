/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-ctl-main.h"

int
main (int    argc,
      char **argv)
{
  return kv_ctl_main (argc, argv);
}
