// SPDX-License-Identifier: GPL-2.0-only
/*
 * Save and restore of the rVIC/rVID state: KVM_DEV_ARM_RVIC_GRP_STATE.
 *
 * The state is one blob (layout in Documentation/virt/kvm/devices/
 * arm-rvic.rst and the uapi header): a header with a version and the
 * counts, each vCPU's instance (enabled, the pending, unmasked, level and
 * active bitmaps, the FIFO in delivery order) and the rVID table. Its size
 * follows from the version and the counts alone, so a later version can
 * still be told an earlier one and read it.
 *
 * Locking: kvm->lock, every vCPU's mutex (no vCPU runs, none is being
 * created) and the config lock, in the vgic's order; under them, each
 * instance lock and the rVID lock, one at a time. Injections from other
 * contexts (irqfds, KVM_IRQ_LINE, a timer's hrtimer) may still come: each
 * instance is read or written whole under its lock, so each one is
 * consistent and keeps its invariant, but a VMM that wants the state of
 * the whole VM at one instant stops its devices first.
 *
 * A set is checked whole, from one kernel copy of the blob, before any of
 * it is written: it either fails and changes nothing, or replaces the
 * state of every instance and of the rVID table.
 */

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "rvic.h"

#define RVIC_STATE_HDR		sizeof(struct kvm_arm_rvic_state_header)

/* u32 words of one vCPU's record: flags, fifo_len, 4 bitmaps, the FIFO */
static size_t rvic_state_vcpu_words(u32 nr_total)
{
	return 2 + 4 * (nr_total / 32) + nr_total;
}

static size_t rvic_state_size(u32 version, u32 nr_vcpus, u32 nr_trusted,
			      u32 nr_total)
{
	switch (version) {
	case 1:
		return RVIC_STATE_HDR +
		       sizeof(u32) * (nr_vcpus * rvic_state_vcpu_words(nr_total) +
				      nr_total - nr_trusted);
	}
	return 0;
}

/* The header of the device's state now; config_lock held. */
static void rvic_state_header(struct kvm *kvm,
			      struct kvm_arm_rvic_state_header *hdr)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;

	*hdr = (struct kvm_arm_rvic_state_header) {
		.version	= KVM_DEV_ARM_RVIC_STATE_VERSION,
		.nr_vcpus	= atomic_read(&kvm->online_vcpus),
		.nr_trusted	= rv->nr_trusted,
		.nr_total	= rv->nr_total,
		.msi_base	= rv->msi_base,
		.msi_count	= rv->msi_count,
		.msi_doorbell	= rv->msi_doorbell,
	};
	hdr->size = rvic_state_size(hdr->version, hdr->nr_vcpus,
				    hdr->nr_trusted, hdr->nr_total);
}

/* One vCPU's record, the same fields as struct kvm_rvic_vcpu's */
struct rvic_state_rec {
	u32		*flags;
	u32		*fifo_len;
	u32		*pending;
	u32		*unmasked;
	u32		*level;
	u32		*active;
	u32		*fifo;
};

static struct rvic_state_rec rvic_state_rec(void *blob, u32 idx, u32 nr_total)
{
	u32 *w = blob + RVIC_STATE_HDR + sizeof(u32) * idx *
		 rvic_state_vcpu_words(nr_total);
	u32 nw = nr_total / 32;

	return (struct rvic_state_rec) {
		.flags		= w,
		.fifo_len	= w + 1,
		.pending	= w + 2,
		.unmasked	= w + 2 + nw,
		.level		= w + 2 + 2 * nw,
		.active		= w + 2 + 3 * nw,
		.fifo		= w + 2 + 4 * nw,
	};
}

static u32 *rvic_state_rvid(void *blob, u32 nr_vcpus, u32 nr_total)
{
	return blob + RVIC_STATE_HDR +
	       sizeof(u32) * nr_vcpus * rvic_state_vcpu_words(nr_total);
}

/*
 * Lock out every vCPU and take the config lock. Return: 0, or -EBUSY when
 * a vCPU runs or is being created.
 */
static int rvic_state_lock(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	if (!lock_all_vcpus(kvm)) {
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	mutex_lock(&kvm->arch.config_lock);
	if (kvm->created_vcpus != atomic_read(&kvm->online_vcpus)) {
		mutex_unlock(&kvm->arch.config_lock);
		unlock_all_vcpus(kvm);
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	return 0;
}

static void rvic_state_unlock(struct kvm *kvm)
{
	mutex_unlock(&kvm->arch.config_lock);
	unlock_all_vcpus(kvm);
	mutex_unlock(&kvm->lock);
}

static void rvic_state_save_vcpu(struct kvm_vcpu *vcpu, void *blob, u32 nr_total)
{
	struct rvic_state_rec r = rvic_state_rec(blob, vcpu->vcpu_idx, nr_total);
	struct kvm_rvic_vcpu *rvic = vcpu->arch.rvic;
	unsigned long flags;
	u32 n;

	rvic_lock(rvic, flags);
	*r.flags = (rvic->enabled ? KVM_ARM_RVIC_STATE_ENABLED : 0) |
		   FIELD_PREP(KVM_ARM_RVIC_STATE_EXT_REV_MASK, rvic->ext_rev);
	*r.fifo_len = rvic->fifo_len;
	bitmap_to_arr32(r.pending, rvic->pending, nr_total);
	bitmap_to_arr32(r.unmasked, rvic->unmasked, nr_total);
	bitmap_to_arr32(r.level, rvic->level, nr_total);
	bitmap_to_arr32(r.active, rvic->active, nr_total);
	for (n = 0; n < rvic->fifo_len; n++)
		r.fifo[n] = rvic->fifo[(rvic->fifo_head + n) % KVM_RVIC_MAX_INTIDS];
	rvic_unlock(rvic, flags);
}

/*
 * Decode vCPU @idx's record into @s, an instance that is not live, and
 * check it. Return: true if it is one a guest could have reached: an
 * extension revision the device offers, the level and active bits on
 * trusted level sources only, and the FIFO holding every deliverable
 * INTID once and nothing else.
 */
static bool rvic_state_decode(struct kvm *kvm, void *blob, u32 idx,
			      struct kvm_rvic_vcpu *s)
{
	u32 nr_trusted = kvm->arch.rvic.nr_trusted, nr_total = kvm->arch.rvic.nr_total;
	struct rvic_state_rec r = rvic_state_rec(blob, idx, nr_total);
	DECLARE_BITMAP(seen, KVM_RVIC_MAX_INTIDS);
	u32 n, nr_deliverable = 0;

	if (*r.flags & ~(KVM_ARM_RVIC_STATE_ENABLED | KVM_ARM_RVIC_STATE_EXT_REV_MASK) ||
	    FIELD_GET(KVM_ARM_RVIC_STATE_EXT_REV_MASK, *r.flags) > kvm->arch.rvic.ext_offered ||
	    *r.fifo_len > nr_total)
		return false;
	s->enabled = *r.flags & KVM_ARM_RVIC_STATE_ENABLED;
	s->ext_rev = FIELD_GET(KVM_ARM_RVIC_STATE_EXT_REV_MASK, *r.flags);
	s->fifo_head = 0;
	s->fifo_len = *r.fifo_len;
	bitmap_from_arr32(s->pending, r.pending, nr_total);
	bitmap_from_arr32(s->unmasked, r.unmasked, nr_total);
	bitmap_from_arr32(s->level, r.level, nr_total);
	bitmap_from_arr32(s->active, r.active, nr_total);

	if (find_first_bit(s->level, RVIC_NR_IPIS) < RVIC_NR_IPIS ||
	    find_next_bit(s->level, nr_total, nr_trusted) < nr_total ||
	    find_first_bit(s->active, RVIC_NR_IPIS) < RVIC_NR_IPIS ||
	    find_next_bit(s->active, nr_total, nr_trusted) < nr_total)
		return false;

	bitmap_zero(seen, KVM_RVIC_MAX_INTIDS);
	for (n = 0; n < nr_total; n++) {
		u32 intid = r.fifo[n];

		if (n >= s->fifo_len) {
			if (intid)
				return false;
			continue;
		}
		if (intid >= nr_total || !rvic_deliverable(s, intid) ||
		    __test_and_set_bit(intid, seen))
			return false;
		s->fifo[n] = intid;
	}
	if (s->enabled)
		nr_deliverable = bitmap_weight_and(s->pending, s->unmasked, nr_total);
	return nr_deliverable == s->fifo_len;
}

static int rvic_state_get(struct kvm *kvm, void __user *uaddr)
{
	struct kvm_arm_rvic_state_header hdr;
	struct kvm_vcpu *vcpu;
	unsigned long i;
	void *blob;
	int ret;

	ret = rvic_state_lock(kvm);
	if (ret)
		return ret;
	rvic_state_header(kvm, &hdr);
	blob = kvzalloc(hdr.size, GFP_KERNEL_ACCOUNT);
	if (!blob) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(blob, &hdr, sizeof(hdr));
	kvm_for_each_vcpu(i, vcpu, kvm)
		rvic_state_save_vcpu(vcpu, blob, hdr.nr_total);
	rvid_save(kvm, rvic_state_rvid(blob, hdr.nr_vcpus, hdr.nr_total));
	if (copy_to_user(uaddr, blob, hdr.size))
		ret = -EFAULT;
out:
	rvic_state_unlock(kvm);
	kvfree(blob);
	return ret;
}

static int rvic_state_set(struct kvm *kvm, void __user *uaddr)
{
	struct kvm_arm_rvic_state_header hdr, want;
	struct kvm_rvic_vcpu *s = NULL, *rvic;
	struct kvm_vcpu *vcpu;
	unsigned long i, flags;
	void *blob = NULL;
	int ret;

	if (copy_from_user(&hdr, uaddr, sizeof(hdr)))
		return -EFAULT;

	ret = rvic_state_lock(kvm);
	if (ret)
		return ret;
	/* The only version so far; a later one reads this one here too. */
	rvic_state_header(kvm, &want);
	ret = -EINVAL;
	if (memcmp(&hdr, &want, sizeof(hdr)))
		goto out;

	blob = vmemdup_user(uaddr, want.size);
	if (IS_ERR(blob)) {
		ret = PTR_ERR(blob);
		blob = NULL;
		goto out;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		ret = -ENOMEM;
		goto out;
	}
	/* Read once: the header may have changed since it was checked. */
	ret = -EINVAL;
	if (memcmp(blob, &want, sizeof(want)))
		goto out;
	for (i = 0; i < want.nr_vcpus; i++) {
		if (!rvic_state_decode(kvm, blob, i, s))
			goto out;
	}
	if (!rvid_state_valid(kvm, rvic_state_rvid(blob, want.nr_vcpus, want.nr_total)))
		goto out;

	/* Checked whole: now replace. */
	kvm_for_each_vcpu(i, vcpu, kvm) {
		rvic = vcpu->arch.rvic;
		rvic_state_decode(kvm, blob, vcpu->vcpu_idx, s);
		rvic_lock(rvic, flags);
		rvic->enabled = s->enabled;
		rvic->ext_rev = s->ext_rev;
		rvic->fifo_head = 0;
		rvic->fifo_len = s->fifo_len;
		bitmap_copy(rvic->pending, s->pending, KVM_RVIC_MAX_INTIDS);
		bitmap_copy(rvic->unmasked, s->unmasked, KVM_RVIC_MAX_INTIDS);
		bitmap_copy(rvic->level, s->level, KVM_RVIC_MAX_INTIDS);
		bitmap_copy(rvic->active, s->active, KVM_RVIC_MAX_INTIDS);
		memcpy(rvic->fifo, s->fifo, s->fifo_len * sizeof(rvic->fifo[0]));
		rvic_unlock(rvic, flags);
	}
	rvid_restore(kvm, rvic_state_rvid(blob, want.nr_vcpus, want.nr_total));
	ret = 0;
out:
	rvic_state_unlock(kvm);
	kfree(s);
	kvfree(blob);
	return ret;
}

/*
 * Can the state be saved and restored? Not before the device is
 * finalised, and not in protected mode, where the trusted interrupts'
 * state is the hypervisor's and is not handed to the host.
 */
static int rvic_state_offered(struct kvm *kvm)
{
	if (is_protected_kvm_enabled())
		return -ENXIO;
	/* Pairs with the release in rvic_finalise(): the table is there */
	return smp_load_acquire(&kvm->arch.rvic.ready) ? 0 : -ENXIO;
}

/**
 * rvic_state_has_attr() - KVM_HAS_DEVICE_ATTR for KVM_DEV_ARM_RVIC_GRP_STATE
 * @kvm: the VM
 * @attr: the attribute
 *
 * Return: 0 if @attr can be read now, else -ENXIO.
 */
int rvic_state_has_attr(struct kvm *kvm, u64 attr)
{
	if (attr != KVM_DEV_ARM_RVIC_STATE_SIZE && attr != KVM_DEV_ARM_RVIC_STATE)
		return -ENXIO;
	return rvic_state_offered(kvm);
}

/**
 * rvic_state_attr() - get or set an attribute of KVM_DEV_ARM_RVIC_GRP_STATE
 * @kvm: the VM
 * @attr: KVM_DEV_ARM_RVIC_STATE_SIZE (get only) or KVM_DEV_ARM_RVIC_STATE
 * @uaddr: the user's buffer
 * @set: set rather than get
 *
 * Return: 0; -ENXIO for an unknown attribute, a set of the size, before
 * the device is finalised or in protected mode; -EBUSY while a vCPU runs;
 * -EINVAL for a state that is not one this device could be in (a set
 * changes nothing then); -EFAULT, -ENOMEM.
 */
int rvic_state_attr(struct kvm *kvm, u64 attr, void __user *uaddr, bool set)
{
	struct kvm_arm_rvic_state_header hdr;
	int ret = rvic_state_has_attr(kvm, attr);

	if (ret)
		return ret;
	if (attr == KVM_DEV_ARM_RVIC_STATE)
		return set ? rvic_state_set(kvm, uaddr) : rvic_state_get(kvm, uaddr);
	if (set)
		return -ENXIO;

	mutex_lock(&kvm->arch.config_lock);
	rvic_state_header(kvm, &hdr);
	mutex_unlock(&kvm->arch.config_lock);
	return put_user((u64)hdr.size, (u64 __user *)uaddr);
}
