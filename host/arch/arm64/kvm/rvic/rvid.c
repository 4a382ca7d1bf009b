// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVID: the VM's table from inputs (emulated devices, irqfds, MSIs) to
 * (vCPU, untrusted INTID) pairs, and the MAP/UNMAP calls that fill it.
 *
 * Each entry is one u32: a valid bit, the target's vCPU *index* (what
 * kvm_get_vcpu() takes; never its vcpu_id, which may be sparse) and the
 * INTID. Injection holds rvid_lock from reading the entry to making the
 * INTID pending, and MAP/UNMAP take it to write an entry: once MAP has
 * returned, no injection that read the old entry is still in flight, so
 * the guest's "MAP, then sample pending on the old CPU" in an affinity
 * move cannot miss an interrupt.
 */

#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <asm/kvm_emulate.h>
#include <kvm/arm_hypercalls.h>

#include "rvic.h"

#define RVID_ENTRY_VALID	BIT(31)
#define RVID_ENTRY_VCPU		GENMASK(30, 16)
#define RVID_ENTRY_INTID	GENMASK(15, 0)

/* Every vCPU index and INTID fits its field */
static_assert(BIT(15) >= KVM_MAX_VCPUS);
static_assert(BIT(16) >= KVM_RVIC_MAX_INTIDS);
/* A saved table (KVM_DEV_ARM_RVIC_GRP_STATE) holds the entries as they are */
static_assert(RVID_ENTRY_VALID == KVM_ARM_RVIC_STATE_RVID_VALID);
static_assert(RVID_ENTRY_VCPU == KVM_ARM_RVIC_STATE_RVID_VCPU_MASK);
static_assert(RVID_ENTRY_INTID == KVM_ARM_RVIC_STATE_RVID_INTID_MASK);

static unsigned long rvid_map(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_rvic *rv = &kvm->arch.rvic;
	u64 input = smccc_get_arg1(vcpu), intid = smccc_get_arg3(vcpu);
	struct kvm_vcpu *target;
	unsigned long flags;

	if (input >= rvic_nr_untrusted(kvm))
		return RVIC_ERR(ERROR_PARAMETER, X1);
	target = rvic_target_vcpu(kvm, smccc_get_arg2(vcpu));
	if (!target)
		return RVIC_ERR(ERROR_PARAMETER, X2);	/* as the 0.3 host does */
	if (intid < rv->nr_trusted || intid >= rv->nr_total)
		return RVIC_ERR(ERROR_PARAMETER, X3);

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	rv->rvid[input] = RVID_ENTRY_VALID |
			  FIELD_PREP(RVID_ENTRY_VCPU, target->vcpu_idx) |
			  FIELD_PREP(RVID_ENTRY_INTID, intid);
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
	return RVIC_OK;
}

static unsigned long rvid_unmap(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_rvic *rv = &kvm->arch.rvic;
	u64 input = smccc_get_arg1(vcpu);
	unsigned long flags;

	if (input >= rvic_nr_untrusted(kvm))
		return RVIC_ERR(ERROR_PARAMETER, X1);

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	rv->rvid[input] = 0;
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
	return RVIC_OK;
}

/* Unmap every input that targets @vcpu (its reset). */
void rvid_unmap_vcpu(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic *rv = &vcpu->kvm->arch.rvic;
	unsigned long flags;
	u32 i;

	/* No table before finalising; see kvm_rvic_inject_input() */
	if (!smp_load_acquire(&rv->ready))
		return;

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	for (i = 0; i < rvic_nr_untrusted(vcpu->kvm); i++) {
		if ((rv->rvid[i] & RVID_ENTRY_VALID) &&
		    FIELD_GET(RVID_ENTRY_VCPU, rv->rvid[i]) == vcpu->vcpu_idx)
			rv->rvid[i] = 0;
	}
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
}

unsigned long rvid_hypercall(struct kvm_vcpu *vcpu, u32 func, u64 *val)
{
	switch (func) {
	case RVID_FN_VERSION:
		*val = RVIC_VERSION_IMPL;
		return RVIC_OK;
	case RVID_FN_MAP:
		return rvid_map(vcpu);
	case RVID_FN_UNMAP:
		return rvid_unmap(vcpu);
	}
	return SMCCC_RET_NOT_SUPPORTED;
}

/*
 * Fire @input, if @level. Return: 1 when it made its INTID pending, 0 when
 * it was dropped (not mapped, or its target disabled) or @level is 0, or
 * the errors of kvm_rvic_inject_input().
 */
static int rvid_fire(struct kvm *kvm, u32 input, bool level)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	struct kvm_vcpu *target;
	unsigned long flags;
	int ret = 0;
	u32 entry;

	/* Pairs with the smp_store_release() of ready in rvic_finalise() */
	if (!smp_load_acquire(&rv->ready))
		return -ENXIO;
	if (input >= rvic_nr_untrusted(kvm))
		return -EINVAL;
	if (!level)
		return 0;

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	entry = rv->rvid[input];
	target = kvm_get_vcpu(kvm, FIELD_GET(RVID_ENTRY_VCPU, entry));
	if ((entry & RVID_ENTRY_VALID) && target)
		ret = !rvic_signal(target, FIELD_GET(RVID_ENTRY_INTID, entry));
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
	return ret;
}

/**
 * kvm_rvic_inject_input() - an rVID input fires
 * @kvm: the VM
 * @input: the input, 0 to nr_untrusted - 1
 * @level: 1 fires the input (an edge); 0 is accepted and ignored
 *
 * Safe in atomic context (irqfd). An input that is not mapped is dropped,
 * and so is one whose target instance is disabled.
 *
 * Return: 0, -ENXIO before the rVIC is finalised, -EINVAL for an input
 * out of range.
 */
int kvm_rvic_inject_input(struct kvm *kvm, u32 input, bool level)
{
	return min(rvid_fire(kvm, input, level), 0);
}

/**
 * kvm_rvic_set_msi() - an MSI (KVM_SIGNAL_MSI, MSI route or irqfd)
 * @e: the route, holding the message
 * @kvm: the VM
 * @irq_source_id: unused
 * @level: 0 does nothing (MSIs are edges)
 * @line_status: unused
 *
 * The message must be written to the doorbell and carry, as its data, an
 * rVID input of the range reserved for MSIs: it then fires that input.
 * Anything else is refused, never delivered elsewhere. Safe in atomic
 * context.
 *
 * Return: as KVM_SIGNAL_MSI wants: 1 when the input made its INTID
 * pending, 0 when the guest blocked it (the input is not mapped, or its
 * target is disabled), -1 for level 0, -EINVAL for a message outside what
 * the VMM configured (including no MSI range at all), -ENXIO before
 * finalising.
 */
int kvm_rvic_set_msi(struct kvm_kernel_irq_routing_entry *e,
		     struct kvm *kvm, int irq_source_id, int level,
		     bool line_status)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	u64 addr = (u64)e->msi.address_hi << 32 | e->msi.address_lo;
	u32 data = e->msi.data;

	if (!level)
		return -1;
	if (!rv->msi_count || addr != rv->msi_doorbell ||
	    data < rv->msi_base || data - rv->msi_base >= rv->msi_count)
		return -EINVAL;
	return rvid_fire(kvm, data, true);
}

/* The rVID table as "input -> vCPU index:INTID", for debugfs. */
void rvid_show(struct seq_file *s, struct kvm *kvm)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	unsigned long flags;
	u32 i, entry;

	for (i = 0; rv->rvid && i < rvic_nr_untrusted(kvm); i++) {
		raw_spin_lock_irqsave(&rv->rvid_lock, flags);
		entry = rv->rvid[i];
		raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
		if (entry & RVID_ENTRY_VALID)
			seq_printf(s, "  input %u -> vcpu %lu intid %lu\n", i,
				   FIELD_GET(RVID_ENTRY_VCPU, entry),
				   FIELD_GET(RVID_ENTRY_INTID, entry));
	}
}

/* Finalising: allocate the table (all inputs unmapped). config_lock held. */
int rvid_init(struct kvm *kvm)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;

	lockdep_assert_held(&kvm->arch.config_lock);
	rv->rvid = kcalloc(rvic_nr_untrusted(kvm), sizeof(*rv->rvid), GFP_KERNEL_ACCOUNT);
	return rv->rvid ? 0 : -ENOMEM;
}

void rvid_destroy(struct kvm *kvm)
{
	kfree(kvm->arch.rvic.rvid);
	kvm->arch.rvic.rvid = NULL;
}

/* Save the table to @tab (nr_untrusted entries). */
void rvid_save(struct kvm *kvm, u32 *tab)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	unsigned long flags;

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	memcpy(tab, rv->rvid, rvic_nr_untrusted(kvm) * sizeof(*tab));
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
}

/*
 * Is every entry of @tab one MAP could have written: unmapped (0), or an
 * untrusted INTID on an existing vCPU?
 */
bool rvid_state_valid(struct kvm *kvm, const u32 *tab)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	u32 i, intid;

	for (i = 0; i < rvic_nr_untrusted(kvm); i++) {
		if (!tab[i])
			continue;
		intid = FIELD_GET(RVID_ENTRY_INTID, tab[i]);
		if (!(tab[i] & RVID_ENTRY_VALID) ||
		    FIELD_GET(RVID_ENTRY_VCPU, tab[i]) >= atomic_read(&kvm->online_vcpus) ||
		    intid < rv->nr_trusted || intid >= rv->nr_total)
			return false;
	}
	return true;
}

/* Replace the table by @tab, checked by rvid_state_valid(). */
void rvid_restore(struct kvm *kvm, const u32 *tab)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	unsigned long flags;

	raw_spin_lock_irqsave(&rv->rvid_lock, flags);
	memcpy(rv->rvid, tab, rvic_nr_untrusted(kvm) * sizeof(*tab));
	raw_spin_unlock_irqrestore(&rv->rvid_lock, flags);
}
