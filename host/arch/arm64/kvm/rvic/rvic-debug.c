// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: <kvm debugfs dir>/rvic-state shows each vCPU's instance
 * (enabled, pending and unmasked INTIDs, the FIFO in delivery order) and
 * the rVID table. Each instance is sampled under its lock, so one vCPU's
 * lines are consistent; the file as a whole is a snapshot of a running VM.
 * In protected mode, once the VM has run, the instances are the
 * hypervisor's, which the host cannot read: the file shows each vCPU's
 * line as the hypervisor tells it, and how many of the host's requests
 * the hypervisor refused.
 *
 * Protected mode also has <kvm debugfs dir>/rvic-hyp-op, a test hook: a
 * write of "raise|low|high|reset VCPU INTID" sends that request, as is,
 * to the hypervisor (__pkvm_rvic_op) and fails with its error; a read
 * gives the refusal count. It lets a test ask for what the host itself
 * never would (tests/selftests/rvic_pkvm.c).
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>
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

	if (rvic_at_el2(kvm)) {
		seq_printf(s, "instances at EL2, refused %d\n", rvic_hyp_refused(kvm));
		kvm_for_each_vcpu(i, vcpu, kvm)
			seq_printf(s, "vcpu %lu mpidr %#lx line %d\n", i,
				   kvm_vcpu_get_mpidr_aff(vcpu), READ_ONCE(vcpu->arch.rvic_line));
		goto rvid;
	}

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

rvid:
	seq_puts(s, "rvid\n");
	rvid_show(s, kvm);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rvic_state);

static const char * const rvic_hyp_op_names[] = {
	[KVM_RVIC_HYP_RAISE]	= "raise",
	[KVM_RVIC_HYP_LOW]	= "low",
	[KVM_RVIC_HYP_HIGH]	= "high",
	[KVM_RVIC_HYP_RESET]	= "reset",
};

static ssize_t rvic_hyp_op_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct kvm *kvm = file_inode(file)->i_private;
	char buf[48], name[8];
	u32 vcpu_idx, intid;
	int op, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%7s %u %u", name, &vcpu_idx, &intid) != 3)
		return -EINVAL;
	op = match_string(rvic_hyp_op_names, ARRAY_SIZE(rvic_hyp_op_names), name);
	if (op < 0)
		return -EINVAL;
	ret = rvic_hyp_op(kvm, vcpu_idx, op, intid);
	return ret ? ret : len;
}

static ssize_t rvic_hyp_op_read(struct file *file, char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct kvm *kvm = file_inode(file)->i_private;
	int refused = rvic_hyp_refused(kvm);
	char buf[32];

	if (refused < 0)
		return refused;
	return simple_read_from_buffer(ubuf, len, ppos, buf,
				       scnprintf(buf, sizeof(buf), "refused %d\n", refused));
}

static const struct file_operations rvic_hyp_op_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= rvic_hyp_op_read,
	.write	= rvic_hyp_op_write,
	.llseek	= noop_llseek,
};

void rvic_debug_init(struct kvm *kvm)
{
	debugfs_create_file("rvic-state", 0444, kvm->debugfs_dentry, kvm,
			    &rvic_state_fops);
	if (is_protected_kvm_enabled())
		debugfs_create_file("rvic-hyp-op", 0600, kvm->debugfs_dentry, kvm,
				    &rvic_hyp_op_fops);
}
