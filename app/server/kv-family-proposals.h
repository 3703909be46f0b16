/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-family-view.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* How far ahead a proposal looks. */
#define KV_FAMILY_PROPOSALS_DAYS 28

/**
 * KvFamilyProposal:
 * @proposal: the visit proposed
 * @zone: the zone of its prison kiosk's site, in which its slot is named
 * @deadline_us: when contact is due: the end of the first week for a
 *   first contact, else when the band's period runs out
 *
 * The next visit the system proposes for a family.
 */
typedef struct
{
  KvProposal *proposal;
  GTimeZone  *zone;
  gint64      deadline_us;
} KvFamilyProposal;

void kv_family_proposal_free (KvFamilyProposal *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvFamilyProposal, kv_family_proposal_free)

#define KV_TYPE_FAMILY_PROPOSALS (kv_family_proposals_get_type ())
G_DECLARE_FINAL_TYPE (KvFamilyProposals, kv_family_proposals, KV, FAMILY_PROPOSALS, GObject)

KvFamilyProposals *kv_family_proposals_new  (KvStore              *store,
                                             KvSignallingHandler  *handler,
                                             const KvSiteRules    *rules);
KvFamilyProposal  *kv_family_proposals_make (KvFamilyProposals    *self,
                                             const KvFamilyView   *view,
                                             gint64                now_us,
                                             char                **out_reason,
                                             GError              **error);

G_END_DECLS
