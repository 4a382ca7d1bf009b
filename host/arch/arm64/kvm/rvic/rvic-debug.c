// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: <kvm debugfs dir>/rvic-state shows each vCPU's instance
 * (enabled, pending and unmasked INTIDs, the FIFO in delivery order) and
 * the rVID table. Each instance is sampled under its lock, so one vCPU's
 * lines are consistent; the file as a whole is a snapshot of a running VM.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/kvm_host.h>
#include <asm/kvm_emulate.h>

#include "rvic.h"

static void rvic_show_bits(struct seq_file *s, const char *name,
			   const unsigned long *bits, u32 nr)
{
	seq_printf(s, "  %-9s %*pbl\n", name, nr, bits);
}

static int rvic_state_show(struct seq_file *s, void *unused)
{
	struct kvm *kvm = s->private;
	struct kvm_rvic *rv = &kvm->arch.rvic;
	DECLARE_BITMAP(pending, KVM_RVIC_MAX_INTIDS);
	DECLARE_BITMAP(unmasked, KVM_RVIC_MAX_INTIDS);
	u16 fifo[32];
	struct kvm_vcpu *vcpu;
	unsigned long i, flags;
	unsigned int n, len, head;
	bool enabled;

	seq_printf(s, "nr_trusted %u nr_untrusted %u\n", rv->nr_trusted,
		   rv->nr_total - rv->nr_trusted);

	kvm_for_each_vcpu(i, vcpu, kvm) {
		struct kvm_rvic_vcpu *rvic = vcpu->arch.rvic;

		rvic_lock(rvic, flags);
		enabled = rvic->enabled;
		bitmap_copy(pending, rvic->pending, KVM_RVIC_MAX_INTIDS);
		bitmap_copy(unmasked, rvic->unmasked, KVM_RVIC_MAX_INTIDS);
		len = rvic->fifo_len;
		head = rvic->fifo_head;
		for (n = 0; n < min_t(unsigned int, len, ARRAY_SIZE(fifo)); n++)
			fifo[n] = rvic->fifo[(head + n) % KVM_RVIC_MAX_INTIDS];
		rvic_unlock(rvic, flags);

		seq_printf(s, "vcpu %lu mpidr %#lx %s\n", i,
			   kvm_vcpu_get_mpidr_aff(vcpu),
			   enabled ? "enabled" : "disabled");
		rvic_show_bits(s, "pending", pending, rv->nr_total);
		rvic_show_bits(s, "unmasked", unmasked, rv->nr_total);
		seq_printf(s, "  fifo      %u:", len);
		for (n = 0; n < min_t(unsigned int, len, ARRAY_SIZE(fifo)); n++)
			seq_printf(s, " %u", fifo[n]);
		seq_puts(s, len > ARRAY_SIZE(fifo) ? " ...\n" : "\n");
	}

	seq_puts(s, "rvid\n");
	rvid_show(s, kvm);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rvic_state);

void rvic_debug_init(struct kvm *kvm)
{
	debugfs_create_file("rvic-state", 0444, kvm->debugfs_dentry, kvm,
			    &rvic_state_fops);
}
