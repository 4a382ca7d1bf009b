/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM's in-kernel interrupt controller, as seen by the rest of KVM/arm64.
 *
 * A VM has at most one in-kernel irqchip: a vgic, an rVIC, or none (the
 * userspace irqchip). The choice is made once, when userspace creates the
 * irqchip device before any vCPU runs, so a plain test is enough: no
 * indirect call, and without CONFIG_KVM_ARM_RVIC every helper below is the
 * vgic call it replaces.
 *
 * Who calls what:
 *
 * - The arch timers and the PMU drive their interrupt through the helpers
 *   below, which pick the vgic or the rVIC, as the vgic itself picks
 *   between its v2 and v3 back ends.
 * - The run loop keeps calling the vgic (load/put, flush/sync): for an rVIC
 *   VM those are what they are for a VM without a vgic, cheap no-ops that
 *   keep the GIC CPU interface trapped. The rVIC has no such state; its
 *   only output, the vCPU's virtual IRQ line, is computed by
 *   kvm_rvic_flush_hwstate() at the end of check_vcpu_requests(), outside
 *   the run loop's body (see there for the ordering argument).
 * - Routing, MSIs and irqfds enter through kvm_set_routing_entry(),
 *   kvm_set_msi() and kvm_arch_set_irq_inatomic(), which arm_irqchip.c
 *   dispatches to the vgic's vgic_*() versions or to the rVIC.
 */
#ifndef __KVM_ARM_IRQCHIP_H
#define __KVM_ARM_IRQCHIP_H

#include <linux/kvm_host.h>
#include <kvm/arm_rvic.h>
#include <kvm/arm_vgic.h>

/* Does the VM have an in-kernel irqchip, of either kind? */
static inline bool kvm_irqchip_in_kernel(struct kvm *kvm)
{
	return irqchip_in_kernel(kvm) || kvm_rvic_in_kernel(kvm);
}

static inline bool kvm_irqchip_initialized(struct kvm *kvm)
{
	if (kvm_rvic_in_kernel(kvm))
		return READ_ONCE(kvm->arch.rvic.ready);
	return vgic_initialized(kvm);
}

static inline int kvm_irqchip_map_resources(struct kvm *kvm)
{
	if (kvm_rvic_in_kernel(kvm))
		return kvm_rvic_map_resources(kvm);
	return kvm_vgic_map_resources(kvm);
}

static inline int kvm_irqchip_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
					 unsigned int intid, bool level, void *owner)
{
	if (kvm_rvic_in_kernel(kvm))
		return kvm_rvic_inject_irq(kvm, vcpu, intid, level, owner);
	return kvm_vgic_inject_irq(kvm, vcpu, intid, level, owner);
}

static inline int kvm_irqchip_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
					   u32 vintid, struct irq_ops *ops)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		return kvm_rvic_map_phys_irq(vcpu, host_irq, vintid, ops);
	return kvm_vgic_map_phys_irq(vcpu, host_irq, vintid, ops);
}

static inline int kvm_irqchip_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		return kvm_rvic_unmap_phys_irq(vcpu, vintid);
	return kvm_vgic_unmap_phys_irq(vcpu, vintid);
}

static inline int kvm_irqchip_get_map(struct kvm_vcpu *vcpu, u32 vintid)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		return kvm_rvic_get_map(vcpu, vintid);
	return kvm_vgic_get_map(vcpu, vintid);
}

static inline bool kvm_irqchip_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		return kvm_rvic_map_is_active(vcpu, vintid);
	return kvm_vgic_map_is_active(vcpu, vintid);
}

static inline void kvm_irqchip_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		kvm_rvic_reset_mapped_irq(vcpu, vintid);
	else
		kvm_vgic_reset_mapped_irq(vcpu, vintid);
}

static inline int kvm_irqchip_set_owner(struct kvm_vcpu *vcpu, unsigned int intid,
					void *owner)
{
	if (kvm_rvic_in_kernel(vcpu->kvm))
		return kvm_rvic_set_owner(vcpu, intid, owner);
	return kvm_vgic_set_owner(vcpu, intid, owner);
}

/* The vgic's routing entry points (vgic-irqfd.c), for arm_irqchip.c */
int vgic_set_routing_entry(struct kvm *kvm,
			   struct kvm_kernel_irq_routing_entry *e,
			   const struct kvm_irq_routing_entry *ue);
int vgic_set_msi(struct kvm_kernel_irq_routing_entry *e,
		 struct kvm *kvm, int irq_source_id,
		 int level, bool line_status);
int vgic_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			  struct kvm *kvm, int irq_source_id, int level,
			  bool line_status);

#endif /* __KVM_ARM_IRQCHIP_H */
