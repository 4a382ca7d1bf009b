// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 entry points of KVM's generic irq routing (virt/kvm/irqchip.c,
 * eventfd.c), for whichever in-kernel irqchip the VM has: the vgic's
 * versions are in vgic/vgic-irqfd.c, the rVIC's in rvic/.
 */

#include <linux/kvm_host.h>
#include <kvm/arm_irqchip.h>

int kvm_set_routing_entry(struct kvm *kvm,
			  struct kvm_kernel_irq_routing_entry *e,
			  const struct kvm_irq_routing_entry *ue)
{
	if (kvm_rvic_in_kernel(kvm))
		return kvm_rvic_set_routing_entry(kvm, e, ue);
	return vgic_set_routing_entry(kvm, e, ue);
}

int kvm_set_msi(struct kvm_kernel_irq_routing_entry *e,
		struct kvm *kvm, int irq_source_id,
		int level, bool line_status)
{
	if (kvm_rvic_in_kernel(kvm))
		return kvm_rvic_set_msi(e, kvm, irq_source_id, level, line_status);
	return vgic_set_msi(e, kvm, irq_source_id, level, line_status);
}

int kvm_arch_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status)
{
	if (kvm_rvic_in_kernel(kvm))
		return kvm_rvic_set_irq_inatomic(e, kvm, irq_source_id, level,
						 line_status);
	return vgic_set_irq_inatomic(e, kvm, irq_source_id, level, line_status);
}

/* rVID inputs are edges: an rVIC VM has nothing to resample (-EINVAL). */
bool kvm_arch_irqfd_allowed(struct kvm *kvm, struct kvm_irqfd *args)
{
	return !(kvm_rvic_in_kernel(kvm) && (args->flags & KVM_IRQFD_FLAG_RESAMPLE));
}

/*
 * An rVIC VM takes routes once its rVIC is finalised, which installs the
 * default ones: none set before could be replaced (-EINVAL before).
 */
bool kvm_arch_can_set_irq_routing(struct kvm *kvm)
{
	return !kvm_rvic_in_kernel(kvm) || smp_load_acquire(&kvm->arch.rvic.ready);
}
