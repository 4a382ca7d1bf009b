/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM's in-kernel interrupt controller, as seen by the rest of KVM/arm64.
 *
 * A VM has at most one in-kernel irqchip: a vgic, an rVIC, or none (the
 * userspace irqchip). The run loop, the arch timers, the PMU, KVM_IRQ_LINE
 * and irqfd call the kvm_irqchip_*() helpers below instead of the vgic
 * directly; each one dispatches on the VM's irqchip. The choice is made
 * once, when userspace creates the irqchip device before any vCPU runs, so
 * a plain test is enough (no indirect call on the hot paths, and none at all
 * without CONFIG_KVM_ARM_RVIC).
 */
#ifndef __KVM_ARM_IRQCHIP_H
#define __KVM_ARM_IRQCHIP_H

#include <kvm/arm_rvic.h>
#include <kvm/arm_vgic.h>

#define kvm_irqchip_in_kernel(k)	(irqchip_in_kernel(k) || kvm_rvic_in_kernel(k))

/* Call the vgic's or the rVIC's implementation of @fn */
#define kvm_irqchip_call(kvm, fn, ...)					\
	(kvm_rvic_in_kernel(kvm) ? kvm_rvic_##fn(__VA_ARGS__)		\
				 : kvm_vgic_##fn(__VA_ARGS__))

static inline bool kvm_irqchip_initialized(struct kvm *kvm)
{
	return kvm_rvic_in_kernel(kvm) ? kvm->arch.rvic.ready : vgic_initialized(kvm);
}

static inline int kvm_irqchip_map_resources(struct kvm *kvm)
{
	return kvm_irqchip_call(kvm, map_resources, kvm);
}

static inline void kvm_irqchip_destroy(struct kvm *kvm)
{
	kvm_irqchip_call(kvm, destroy, kvm);
}

static inline void kvm_irqchip_load(struct kvm_vcpu *vcpu)
{
	kvm_irqchip_call(vcpu->kvm, load, vcpu);
}

static inline void kvm_irqchip_put(struct kvm_vcpu *vcpu)
{
	kvm_irqchip_call(vcpu->kvm, put, vcpu);
}

static inline void kvm_irqchip_flush_hwstate(struct kvm_vcpu *vcpu)
{
	kvm_irqchip_call(vcpu->kvm, flush_hwstate, vcpu);
}

static inline void kvm_irqchip_sync_hwstate(struct kvm_vcpu *vcpu)
{
	kvm_irqchip_call(vcpu->kvm, sync_hwstate, vcpu);
}

static inline int kvm_irqchip_vcpu_pending_irq(struct kvm_vcpu *vcpu)
{
	return kvm_irqchip_call(vcpu->kvm, vcpu_pending_irq, vcpu);
}

static inline int kvm_irqchip_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
					 unsigned int intid, bool level, void *owner)
{
	return kvm_irqchip_call(kvm, inject_irq, kvm, vcpu, intid, level, owner);
}

static inline int kvm_irqchip_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
					   u32 vintid, struct irq_ops *ops)
{
	return kvm_irqchip_call(vcpu->kvm, map_phys_irq, vcpu, host_irq, vintid, ops);
}

static inline int kvm_irqchip_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	return kvm_irqchip_call(vcpu->kvm, unmap_phys_irq, vcpu, vintid);
}

static inline int kvm_irqchip_get_map(struct kvm_vcpu *vcpu, u32 vintid)
{
	return kvm_irqchip_call(vcpu->kvm, get_map, vcpu, vintid);
}

static inline bool kvm_irqchip_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	return kvm_irqchip_call(vcpu->kvm, map_is_active, vcpu, vintid);
}

static inline void kvm_irqchip_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid)
{
	kvm_irqchip_call(vcpu->kvm, reset_mapped_irq, vcpu, vintid);
}

static inline int kvm_irqchip_set_owner(struct kvm_vcpu *vcpu, unsigned int intid,
					void *owner)
{
	return kvm_irqchip_call(vcpu->kvm, set_owner, vcpu, intid, owner);
}

#endif /* __KVM_ARM_IRQCHIP_H */
