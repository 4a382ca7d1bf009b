// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rVIC's KVM device (KVM_DEV_TYPE_ARM_RVIC), KVM_IRQ_LINE and irqfd.
 *
 * Stages, each one under kvm->arch.config_lock:
 *
 * 1. KVM_CREATE_DEVICE: the VM gets an rVIC instead of a vgic. Refused on
 *    a host whose GIC cannot keep an interrupt active for a guest
 *    (-ENODEV), for vCPUs with EL2 (-EINVAL), next to a vgic or a second rVIC, or over an SMCCC filter range that holds
 *    an rVIC or rVID call (-EEXIST: those calls stay KVM's), once a vCPU has run or while one
 *    is being created (-EBUSY), and when the instances of the existing
 *    vCPUs cannot be allocated (-ENOMEM). vCPUs may be created before or
 *    after, up to the first KVM_RUN: each one gets its instance, in the
 *    reset state, here or when it is created (kvm_rvic_vcpu_init()).
 * 2. KVM_DEV_ARM_RVIC_GRP_NR_IRQS: the INTID counts, and optionally
 *    KVM_DEV_ARM_RVIC_GRP_MSI: the MSI doorbell and input range. May be set
 *    again until stage 3, which checks the MSI range against the counts.
 *    KVM_DEV_ARM_RVIC_GRP_CTRL/KVM_DEV_ARM_RVIC_CTRL_EXT: the highest
 *    extension revision offered to the guest (by default RVIC_EXT_REV;
 *    0 hides the extension, and the guest sees a 0.3 rVIC).
 * 3. KVM_DEV_ARM_RVIC_GRP_CTRL/KVM_DEV_ARM_RVIC_CTRL_INIT: finalise. The
 *    rVID table is allocated, GSI i is routed to input i, the guest's
 *    hypercalls start working and inputs can be asserted; all of it, or
 *    nothing when it fails. KVM_SET_GSI_ROUTING is refused until then.
 * 4. First KVM_RUN: refused with -ENXIO if stage 3 did not happen.
 *
 * From stage 3 on, KVM_DEV_ARM_RVIC_GRP_STATE saves and restores the
 * state while no vCPU runs (rvic-state.c).
 *
 * Documentation/virt/kvm/devices/arm-rvic.rst lists every errno.
 */

#include <linux/kvm_host.h>
#include <linux/uaccess.h>
#include <kvm/arm_irqchip.h>

#include "rvic.h"

/*
 * Does the VM's SMCCC filter (KVM_ARM_VM_SMCCC_FILTER) hold a range over
 * an rVIC or rVID call? config_lock held, as by the filter's writer.
 */
static bool rvic_calls_filtered(struct kvm *kvm)
{
	unsigned long idx = RVID_FN_FIRST;

	lockdep_assert_held(&kvm->arch.config_lock);
	if (mt_find(&kvm->arch.smccc_filter, &idx, RVID_FN_LAST))
		return true;
	idx = RVIC_FN_EXT_FIRST;
	if (mt_find(&kvm->arch.smccc_filter, &idx, RVIC_FN_EXT_LAST))
		return true;
	idx = RVIC_FN_FIRST;
	return mt_find(&kvm->arch.smccc_filter, &idx, RVIC_FN_LAST);
}

static int rvic_create(struct kvm_device *dev, u32 type)
{
	struct kvm *kvm = dev->kvm;
	struct kvm_vcpu *vcpu;
	unsigned long i;
	int ret = -EBUSY;

	/*
	 * Held by KVM_CREATE_DEVICE: no vCPU gets past kvm_arch_vcpu_precreate()
	 * meanwhile. One that did and has not been inserted yet (it is in
	 * kvm_arch_vcpu_create(), without kvm->lock) would miss both its
	 * allocation here and the one in kvm_rvic_vcpu_init(): refuse.
	 */
	lockdep_assert_held(&kvm->lock);

	/*
	 * The timer's host interrupt stays active while the guest has it
	 * pending or in its handler (kvm_rvic_map_is_active()): without the
	 * vgic's hardware deactivation (KVM_CAP_IRQCHIP), nothing would mask
	 * it and it would fire without end.
	 */
	if (!kvm_vm_ioctl_check_extension(kvm, KVM_CAP_IRQCHIP) ||
	    kvm_vgic_global_state.no_hw_deactivation) {
		pr_warn_once("kvm: rVIC: not offered, the host GIC cannot keep the timer's interrupt active for a guest\n");
		return -ENODEV;
	}

	if (!lock_all_vcpus(kvm))
		return ret;
	mutex_lock(&kvm->arch.config_lock);

	/* Another irqchip, or a filter range over the rVIC's calls */
	if (kvm_irqchip_in_kernel(kvm) || rvic_calls_filtered(kvm)) {
		ret = -EEXIST;
		goto out;
	}
	/* See kvm_rvic_map_resources() */
	if (__vcpu_has_feature(&kvm->arch, KVM_ARM_VCPU_HAS_EL2)) {
		ret = -EINVAL;
		goto out;
	}
	if (kvm->created_vcpus != atomic_read(&kvm->online_vcpus))
		goto out;
	kvm_for_each_vcpu(i, vcpu, kvm) {
		if (vcpu_has_run_once(vcpu))
			goto out;
	}
	ret = 0;
	kvm_for_each_vcpu(i, vcpu, kvm) {
		ret = rvic_alloc_instance(vcpu);
		if (ret)
			break;
	}
	if (ret) {
		kvm_for_each_vcpu(i, vcpu, kvm)
			kvm_rvic_vcpu_destroy(vcpu);
		goto out;
	}

	raw_spin_lock_init(&kvm->arch.rvic.rvid_lock);
	kvm->arch.rvic.ext_offered = RVIC_EXT_REV;
	kvm->arch.rvic.created = true;
out:
	mutex_unlock(&kvm->arch.config_lock);
	unlock_all_vcpus(kvm);
	return ret;
}

/*
 * Called when the VM goes, after its vCPUs (and their instances, freed by
 * kvm_rvic_vcpu_destroy()), or when KVM_CREATE_DEVICE fails after create.
 */
static void rvic_device_destroy(struct kvm_device *dev)
{
	kvm_rvic_destroy(dev->kvm);
	kfree(dev);
}

int rvic_setup_default_routing(struct kvm *kvm)
{
	u32 i, nr = min_t(u32, rvic_nr_untrusted(kvm), KVM_IRQCHIP_NUM_PINS);
	struct kvm_irq_routing_entry *entries;
	int ret;

	entries = kcalloc(nr, sizeof(*entries), GFP_KERNEL_ACCOUNT);
	if (!entries)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		entries[i].gsi = i;
		entries[i].type = KVM_IRQ_ROUTING_IRQCHIP;
		entries[i].u.irqchip.pin = i;
	}
	ret = kvm_set_irq_routing(kvm, entries, nr, 0);
	kfree(entries);
	return ret;
}

/*
 * All or nothing: the table, the default routes, then ready. On failure
 * nothing is left and finalising may be tried again. Routes cannot have
 * been set before (kvm_arch_can_set_irq_routing()), so none is replaced.
 * kvm_set_irq_routing() takes kvm->irq_lock inside config_lock, as the
 * vgic's init does.
 */
static int rvic_finalise(struct kvm *kvm)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	int ret;

	mutex_lock(&kvm->arch.config_lock);
	if (rv->ready)
		ret = -EBUSY;
	else if (!rv->nr_total)
		ret = -ENXIO;
	else if (rv->msi_count && (rv->msi_base >= rvic_nr_untrusted(kvm) ||
				   rv->msi_count > rvic_nr_untrusted(kvm) - rv->msi_base))
		ret = -EINVAL;
	else
		ret = rvid_init(kvm);
	if (!ret) {
		ret = rvic_setup_default_routing(kvm);
		if (ret)
			rvid_destroy(kvm);
	}
	if (!ret) {
		/* Injections test ready first: they must see the table and counts. */
		smp_store_release(&rv->ready, true);
		rvic_debug_init(kvm);
	}
	mutex_unlock(&kvm->arch.config_lock);
	return ret;
}

static int rvic_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	u64 __user *uaddr = u64_to_user_ptr(attr->addr);
	struct kvm_rvic *rv = &dev->kvm->arch.rvic;
	u32 nr_trusted, nr_total;
	int ret = 0;
	u64 val;

	switch (attr->group) {
	case KVM_DEV_ARM_RVIC_GRP_STATE:
		return rvic_state_attr(dev->kvm, attr->attr, uaddr, true);
	case KVM_DEV_ARM_RVIC_GRP_NR_IRQS:
		if (attr->attr)
			return -ENXIO;
		if (get_user(val, uaddr))
			return -EFAULT;
		nr_trusted = FIELD_GET(KVM_DEV_ARM_RVIC_NR_TRUSTED_MASK, val);
		nr_total = FIELD_GET(KVM_DEV_ARM_RVIC_NR_TOTAL_MASK, val);
		if (!rvic_counts_valid(nr_trusted, nr_total))
			return -EINVAL;

		mutex_lock(&dev->kvm->arch.config_lock);
		if (rv->ready) {
			ret = -EBUSY;
		} else {
			rv->nr_trusted = nr_trusted;
			rv->nr_total = nr_total;
		}
		mutex_unlock(&dev->kvm->arch.config_lock);
		return ret;
	case KVM_DEV_ARM_RVIC_GRP_CTRL:
		if (attr->attr == KVM_DEV_ARM_RVIC_CTRL_INIT)
			return rvic_finalise(dev->kvm);
		if (attr->attr != KVM_DEV_ARM_RVIC_CTRL_EXT)
			return -ENXIO;
		if (get_user(val, uaddr))
			return -EFAULT;
		if (val > RVIC_EXT_REV)
			return -EINVAL;

		mutex_lock(&dev->kvm->arch.config_lock);
		if (rv->ready)
			ret = -EBUSY;
		else
			rv->ext_offered = val;
		mutex_unlock(&dev->kvm->arch.config_lock);
		return ret;
	case KVM_DEV_ARM_RVIC_GRP_MSI:
		if (attr->attr > KVM_DEV_ARM_RVIC_MSI_DOORBELL)
			return -ENXIO;
		if (get_user(val, uaddr))
			return -EFAULT;
		if (attr->attr == KVM_DEV_ARM_RVIC_MSI_INPUTS &&
		    !FIELD_GET(KVM_DEV_ARM_RVIC_MSI_COUNT_MASK, val))
			return -EINVAL;

		mutex_lock(&dev->kvm->arch.config_lock);
		if (rv->ready) {
			ret = -EBUSY;
		} else if (attr->attr == KVM_DEV_ARM_RVIC_MSI_DOORBELL) {
			rv->msi_doorbell = val;
		} else {
			rv->msi_base = FIELD_GET(KVM_DEV_ARM_RVIC_MSI_BASE_MASK, val);
			rv->msi_count = FIELD_GET(KVM_DEV_ARM_RVIC_MSI_COUNT_MASK, val);
		}
		mutex_unlock(&dev->kvm->arch.config_lock);
		return ret;
	}
	return -ENXIO;
}

static int rvic_has_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_RVIC_GRP_NR_IRQS:
		return attr->attr ? -ENXIO : 0;
	case KVM_DEV_ARM_RVIC_GRP_CTRL:
		return attr->attr <= KVM_DEV_ARM_RVIC_CTRL_EXT ? 0 : -ENXIO;
	case KVM_DEV_ARM_RVIC_GRP_MSI:
		return attr->attr <= KVM_DEV_ARM_RVIC_MSI_DOORBELL ? 0 : -ENXIO;
	case KVM_DEV_ARM_RVIC_GRP_STATE:
		return rvic_state_has_attr(dev->kvm, attr->attr);
	}
	return -ENXIO;
}

static int rvic_get_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	u64 __user *uaddr = u64_to_user_ptr(attr->addr);
	struct kvm_rvic *rv = &dev->kvm->arch.rvic;
	u64 val;

	if (attr->group == KVM_DEV_ARM_RVIC_GRP_STATE)
		return rvic_state_attr(dev->kvm, attr->attr, uaddr, false);
	if (rvic_has_attr(dev, attr) ||
	    (attr->group == KVM_DEV_ARM_RVIC_GRP_CTRL &&
	     attr->attr != KVM_DEV_ARM_RVIC_CTRL_EXT))
		return -ENXIO;

	mutex_lock(&dev->kvm->arch.config_lock);
	if (attr->group == KVM_DEV_ARM_RVIC_GRP_CTRL)
		val = rv->ext_offered;
	else if (attr->group == KVM_DEV_ARM_RVIC_GRP_NR_IRQS)
		val = FIELD_PREP(KVM_DEV_ARM_RVIC_NR_TRUSTED_MASK, rv->nr_trusted) |
		      FIELD_PREP(KVM_DEV_ARM_RVIC_NR_TOTAL_MASK, rv->nr_total);
	else if (attr->attr == KVM_DEV_ARM_RVIC_MSI_DOORBELL)
		val = rv->msi_doorbell;
	else
		val = FIELD_PREP(KVM_DEV_ARM_RVIC_MSI_BASE_MASK, rv->msi_base) |
		      FIELD_PREP(KVM_DEV_ARM_RVIC_MSI_COUNT_MASK, rv->msi_count);
	mutex_unlock(&dev->kvm->arch.config_lock);
	return put_user(val, uaddr);
}

static struct kvm_device_ops kvm_arm_rvic_ops = {
	.name		= "kvm-arm-rvic",
	.create		= rvic_create,
	.destroy	= rvic_device_destroy,
	.set_attr	= rvic_set_attr,
	.get_attr	= rvic_get_attr,
	.has_attr	= rvic_has_attr,
};

/**
 * kvm_rvic_init() - register the rVIC KVM device type
 *
 * Return: 0 or the error of kvm_register_device_ops().
 */
int kvm_rvic_init(void)
{
	return kvm_register_device_ops(&kvm_arm_rvic_ops, KVM_DEV_TYPE_ARM_RVIC);
}

/**
 * kvm_rvic_irq_line() - KVM_IRQ_LINE on a VM with an rVIC
 * @kvm: the VM
 * @type: KVM_ARM_IRQ_TYPE_*
 * @num: the rVID input, for KVM_ARM_IRQ_TYPE_SPI
 * @level: the line's level; 1 fires the input
 *
 * Only rVID inputs can be asserted: trusted INTIDs are raised by KVM itself.
 *
 * Return: 0, -ENXIO for the CPU type (as with a vgic) or before
 * finalising, -EINVAL for the PPI type or an input out of range.
 */
int kvm_rvic_irq_line(struct kvm *kvm, unsigned int type, u32 num, bool level)
{
	switch (type) {
	case KVM_ARM_IRQ_TYPE_CPU:
		return -ENXIO;
	case KVM_ARM_IRQ_TYPE_SPI:
		return kvm_rvic_inject_input(kvm, num, level);
	}
	return -EINVAL;
}

/**
 * kvm_rvic_irqfd_set_irq() - an irqchip route (irqfd, KVM_IRQ_LINE of a GSI)
 * @e: the route; its pin is the rVID input
 * @kvm: the VM
 * @irq_source_id: unused
 * @level: 1 fires the input
 * @line_status: unused
 *
 * Safe in atomic context.
 *
 * Return: as kvm_rvic_inject_input().
 */
int kvm_rvic_irqfd_set_irq(struct kvm_kernel_irq_routing_entry *e,
			   struct kvm *kvm, int irq_source_id, int level,
			   bool line_status)
{
	return kvm_rvic_inject_input(kvm, e->irqchip.pin, level);
}

/**
 * kvm_rvic_set_routing_entry() - check and fill in a route of an rVIC VM
 * @kvm: the VM
 * @e: the kernel's routing entry
 * @ue: the entry userspace gave (KVM_SET_GSI_ROUTING)
 *
 * An irqchip route names an rVID input as its pin; an MSI route holds a
 * message, checked only when it is sent (kvm_rvic_set_msi()).
 *
 * Return: 0, or -EINVAL for another type, irqchip or a pin out of range.
 */
int kvm_rvic_set_routing_entry(struct kvm *kvm,
			       struct kvm_kernel_irq_routing_entry *e,
			       const struct kvm_irq_routing_entry *ue)
{
	switch (ue->type) {
	case KVM_IRQ_ROUTING_IRQCHIP:
		if (ue->u.irqchip.irqchip >= KVM_NR_IRQCHIPS ||
		    ue->u.irqchip.pin >= KVM_IRQCHIP_NUM_PINS)
			return -EINVAL;
		e->set = kvm_rvic_irqfd_set_irq;
		e->irqchip.irqchip = ue->u.irqchip.irqchip;
		e->irqchip.pin = ue->u.irqchip.pin;
		return 0;
	case KVM_IRQ_ROUTING_MSI:
		e->set = kvm_rvic_set_msi;
		e->msi.address_lo = ue->u.msi.address_lo;
		e->msi.address_hi = ue->u.msi.address_hi;
		e->msi.data = ue->u.msi.data;
		e->msi.flags = ue->flags;
		e->msi.devid = ue->u.msi.devid;
		return 0;
	}
	return -EINVAL;
}

/**
 * kvm_rvic_set_irq_inatomic() - an irqfd fired, in atomic context
 * @e: the route
 * @kvm: the VM
 * @irq_source_id: unused
 * @level: 0 is left to the caller's slow path
 * @line_status: unused
 *
 * rVID inputs, wired or MSI, can always be fired in atomic context.
 *
 * Return: as kvm_rvic_irqfd_set_irq() or kvm_rvic_set_msi(), or
 * -EWOULDBLOCK for level 0 or another route type.
 */
int kvm_rvic_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status)
{
	if (!level)
		return -EWOULDBLOCK;

	switch (e->type) {
	case KVM_IRQ_ROUTING_MSI:
		return kvm_rvic_set_msi(e, kvm, irq_source_id, 1, line_status);
	case KVM_IRQ_ROUTING_IRQCHIP:
		return kvm_rvic_irqfd_set_irq(e, kvm, irq_source_id, 1, line_status);
	}
	return -EWOULDBLOCK;
}

#if IS_ENABLED(CONFIG_KVM_ARM_RVIC_KUNIT_TEST)
/* The suite reaches rvic_counts_valid(): tests/kvm/, linked in as tests/ */
#include "tests/rvic-host-test.c"
#endif
