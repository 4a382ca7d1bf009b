// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVIC: the per-vCPU paravirtual interrupt controller instances.
 *
 * Each vCPU of an rVIC VM has one instance (struct kvm_rvic_vcpu, at
 * vcpu->arch.rvic): a pending and a masked bit per INTID, an enable bit,
 * and a FIFO of the deliverable INTIDs in arrival order. Its output is the
 * vCPU's virtual IRQ line, HCR_EL2.VI, which a vCPU only ever computes for
 * itself, in kvm_rvic_flush_hwstate(), on each pass of the run loop after
 * its requests and before it enters the guest. Anybody else changing an
 * instance (SIGNAL from another vCPU, an injection from the timer, the
 * PMU, the rVID) makes a request and kicks the vCPU so that it goes
 * through that function again; a vCPU's own calls on its instance are seen
 * by the next pass anyway.
 *
 * Locking order, outermost first (the locks taken around the rVIC):
 *
 *   kvm->lock                      (KVM_CREATE_DEVICE: rvic_create())
 *     vcpu->mutex, every vCPU      (lock_all_vcpus() in rvic_create())
 *       kvm->arch.config_lock      (creation, device attributes and
 *                                  finalising, the SMCCC filter, timer/PMU
 *                                  set-up at the first KVM_RUN)
 *   kvm->irq_lock                  (kvm_set_irq_routing(); finalising
 *                                  takes it after dropping config_lock)
 *   kvm->arch.rvic.rvid_lock       (rVID table updates vs injections)
 *     vcpu->arch.rvic->lock        (one instance)
 *
 * Both are spinning locks taken with interrupts disabled: injections
 * arrive from hard interrupt context (the host timer interrupt handler,
 * irqfd wakeups). rvid_lock is a raw spinlock; the instance lock is the
 * hypervisor's ticket lock, because the EL2 fast path takes it too, and
 * lockdep sees it through rvic_lock() and rvic_unlock() (rvic.h). At most
 * one instance lock is held at any time, here and at EL2.
 *
 * EL2 fast path: the calls a vCPU makes on its own instance are completed
 * by kvm_hyp_handle_rvic() (hyp/include/hyp/rvic.h, which also states the
 * memory-ordering argument between the two worlds) under that same lock;
 * the rest reaches kvm_rvic_hypercall() below. Remote updates keep taking
 * the lock and kicking, so that both sides agree on the FIFO and the line.
 */

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kvm_host.h>
#include <asm/kvm_emulate.h>
#include <kvm/arm_arch_timer.h>
#include <kvm/arm_hypercalls.h>
#include <kvm/arm_irqchip.h>
#include <kvm/arm_vgic.h>

#include "rvic.h"

/* Non-NULL for every vCPU of a VM with an rVIC (see rvic_create()). */
static struct kvm_rvic_vcpu *vcpu_rvic(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.rvic;
}

/* A new instance, in the reset state. */
static struct lock_class_key rvic_lock_key;

int rvic_alloc_instance(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic_vcpu *rvic;
	int ret;

	if (vcpu->arch.rvic)
		return 0;
	rvic = kzalloc(sizeof(*rvic), GFP_KERNEL_ACCOUNT);
	if (!rvic)
		return -ENOMEM;
	hyp_spin_lock_init(&rvic->lock);
	lockdep_init_map_wait(&rvic->dep_map, "kvm_rvic_vcpu.lock", &rvic_lock_key,
			      0, LD_WAIT_SPIN);
	/* The EL2 fast path reads and writes it (hyp/rvic.h) */
	ret = kvm_share_hyp(rvic, rvic + 1);
	if (ret) {
		kfree(rvic);
		return ret;
	}
	vcpu->arch.rvic = rvic;
	return 0;
}

/* Callers hold the instance lock in the helpers below and in hyp/rvic.h. */

/* Did the line move since @line was sampled? Instance lock held. */
static bool rvic_line_moved(struct kvm_rvic_vcpu *rvic, bool line)
{
	lockdep_assert_held(rvic);
	return line != !!rvic->fifo_len;
}

/*
 * After a change that moved another vCPU's line: make it recompute the
 * line before it next enters the guest, or wake it up.
 */
static void rvic_kick(struct kvm_vcpu *vcpu, bool moved)
{
	if (moved) {
		kvm_make_request(KVM_REQ_IRQ_PENDING, vcpu);
		kvm_vcpu_kick(vcpu);
	}
}

/**
 * rvic_hyp_op() - ask the hypervisor to change a vCPU's instance
 * @kvm: the VM, in protected mode
 * @vcpu_idx: the vCPU's index, checked by the hypervisor
 * @op: KVM_RVIC_HYP_RAISE, _LOW, _HIGH or _RESET
 * @intid: the INTID of RAISE, LOW, HIGH
 *
 * Kicks the vCPU if its line moved. Safe in atomic context.
 *
 * Return: 0, or the hypervisor's error (__pkvm_rvic_op()): -EAGAIN for
 * a RAISE dropped by a disabled instance, -EPERM when refused.
 */
int rvic_hyp_op(struct kvm *kvm, u32 vcpu_idx, enum kvm_rvic_hyp_op op, u32 intid)
{
	struct kvm_vcpu *vcpu;
	int ret;

	if (!rvic_at_el2(kvm) || op == KVM_RVIC_HYP_REFUSED)
		return -ENXIO;
	ret = kvm_call_hyp_nvhe(__pkvm_rvic_op, kvm->arch.pkvm.handle, vcpu_idx, op, intid);
	if (ret <= 0)
		return ret;
	/* Accepted: @vcpu_idx names one of the VM's vCPUs */
	vcpu = vcpu_idx < KVM_MAX_VCPUS ? kvm_get_vcpu(kvm, vcpu_idx) : NULL;
	if (vcpu)
		rvic_kick(vcpu, true);
	return 0;
}

/**
 * rvic_hyp_refused() - how many requests the hypervisor refused
 * @kvm: the VM, in protected mode
 *
 * Return: the count, or -ENXIO before the hypervisor has the VM.
 */
int rvic_hyp_refused(struct kvm *kvm)
{
	if (!rvic_at_el2(kvm))
		return -ENXIO;
	return kvm_call_hyp_nvhe(__pkvm_rvic_op, kvm->arch.pkvm.handle, 0,
				 KVM_RVIC_HYP_REFUSED, 0);
}

/* Make @intid pending on @vcpu's instance; dropped if it is disabled. */
static int rvic_set_pending(struct kvm_vcpu *vcpu, u32 intid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags;
	bool line;

	if (rvic_at_el2(vcpu->kvm))
		return rvic_hyp_op(vcpu->kvm, vcpu->vcpu_idx, KVM_RVIC_HYP_RAISE, intid);

	rvic_lock(rvic, flags);
	if (!rvic->enabled) {
		rvic_unlock(rvic, flags);
		return -EAGAIN;
	}
	line = rvic->fifo_len;
	rvic_assign(rvic, rvic->pending, intid, true);
	line = rvic_line_moved(rvic, line);
	rvic_unlock(rvic, flags);

	rvic_kick(vcpu, line);
	return 0;
}

int rvic_signal(struct kvm_vcpu *vcpu, u32 intid)
{
	return rvic_set_pending(vcpu, intid);
}

struct kvm_vcpu *rvic_target_vcpu(struct kvm *kvm, u64 mpidr)
{
	if (mpidr & ~MPIDR_HWID_BITMASK)
		return NULL;
	return kvm_mpidr_to_vcpu(kvm, mpidr);
}

/*
 * The level of trusted source @intid, recorded in @rvic->level. With
 * @loaded, @rvic is the instance of the vCPU loaded on this CPU (its own
 * call), and a hardware source is read afresh: its last report may be an
 * old rising edge whose fall nobody reported, the host interrupt being
 * left active meanwhile. Otherwise the last report is all there is.
 * Untrusted INTIDs have no level: always low.
 */
static bool rvic_level(struct kvm_rvic_vcpu *rvic, u32 intid, bool loaded)
{
	struct kvm_rvic_map *map = loaded ? rvic_find_map(rvic, intid) : NULL;

	if (map && map->ops && map->ops->get_input_level)
		__assign_bit(intid, rvic->level, map->ops->get_input_level(intid));
	return test_bit(intid, rvic->level);
}

/* ---- calls on an instance ------------------------------------------------ */

/*
 * Whatever is pending and unmasked now is deliverable again, and so is a
 * level source that is still high: its rising edge may have come while
 * the instance was disabled, and been dropped.
 */
static void rvic_enable(struct kvm_rvic_vcpu *rvic, u32 nr_trusted, u32 nr_total)
{
	unsigned int intid;

	lockdep_assert_held(rvic);
	if (rvic->enabled)
		return;
	for (intid = RVIC_NR_IPIS; intid < nr_trusted; intid++) {
		if (rvic_level(rvic, intid, true))
			__set_bit(intid, rvic->pending);
	}
	rvic_enable_fifo(rvic, nr_total);
}

static unsigned long rvic_acknowledge(struct kvm_vcpu *vcpu, u64 *intidp)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags, status;

	rvic_lock(rvic, flags);
	status = rvic_ack(rvic, intidp);
	rvic_unlock(rvic, flags);
	return status;
}

/*
 * RESAMPLE: re-read the level of trusted source @intid of the caller's own
 * instance, locked. High: pending again. Low, for a hardware source: the
 * host interrupt to deactivate so that it can fire again, which the caller
 * does after unlocking (rvic_deactivate()); else 0.
 */
static unsigned int rvic_resample_locked(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	struct kvm_rvic_map *map = rvic_find_map(rvic, intid);
	/* Recorded: the next rising level must be seen as one. */
	bool level = rvic_level(rvic, intid, true);

	lockdep_assert_held(rvic);
	if (level && rvic->enabled) {
		rvic_assign(rvic, rvic->pending, intid, true);
	} else if (!level && map) {
		__clear_bit(intid, rvic->active);
		return map->host_irq;
	}
	return 0;
}

/*
 * The vCPU is loaded on this CPU, whose per-CPU host interrupt @host_irq
 * is; the callers have preemption off so that it stays so.
 */
static void rvic_deactivate(unsigned int host_irq)
{
	if (host_irq)
		WARN_ON_ONCE(irq_set_irqchip_state(host_irq, IRQCHIP_STATE_ACTIVE, false));
}

static void rvic_resample(struct kvm_vcpu *vcpu, u32 intid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned int host_irq;
	unsigned long flags;

	preempt_disable();
	rvic_lock(rvic, flags);
	host_irq = rvic_resample_locked(rvic, intid);
	rvic_unlock(rvic, flags);
	rvic_deactivate(host_irq);
	preempt_enable();
}

/*
 * The extension's calls (Documentation/virt/kvm/arm/rvic.rst), each under
 * one hold of the caller's instance lock. NEGOTIATE on a VM the extension
 * is hidden from answers as a 0.3 rVIC does.
 */
static unsigned long rvic_ext_call(struct kvm_vcpu *vcpu, u32 func, u64 *val, u64 *val2)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm_rvic *rv = &vcpu->kvm->arch.rvic;
	u64 arg1 = smccc_get_arg1(vcpu), arg2 = smccc_get_arg2(vcpu);
	unsigned int host_irq = 0;
	unsigned long flags, status;

	if (func == RVIC_FN_EXT_NEGOTIATE && !rv->ext_offered)
		return SMCCC_RET_NOT_SUPPORTED;

	preempt_disable();
	rvic_lock(rvic, flags);
	if (func == RVIC_FN_EXT_NEGOTIATE) {
		status = rvic_ext_negotiate(rvic, rv->ext_offered, arg1, val);
		goto out;
	}
	status = rvic_ext_check(rvic, func, rv->nr_total, arg1, arg2);
	if (status)
		goto out;
	if (func == RVIC_FN_EXT_ACKNOWLEDGE) {
		status = rvic_ext_ack(rvic, rv->nr_trusted, val, val2);
		goto out;
	}
	if (arg1 < rv->nr_trusted)
		host_irq = rvic_resample_locked(rvic, arg1);
	status = rvic_ext_eoi_rest(rvic, rv->nr_trusted, arg1, arg2, val, val2);
out:
	rvic_unlock(rvic, flags);
	rvic_deactivate(host_irq);
	preempt_enable();
	return status;
}

/*
 * The (target, intid) calls. Checks in the order the ABI gives: the
 * target, then the INTID, each as a full 64-bit register.
 */
static unsigned long rvic_target_call(struct kvm_vcpu *vcpu, u32 func, u64 *val)
{
	struct kvm *kvm = vcpu->kvm;
	u64 mpidr = smccc_get_arg1(vcpu), arg2 = smccc_get_arg2(vcpu);
	struct kvm_vcpu *target = rvic_target_vcpu(kvm, mpidr);
	struct kvm_rvic_vcpu *rvic;
	unsigned long flags;
	bool line;
	u32 intid;

	if (!target)
		return RVIC_ERR(INVALID_CPU, X1);
	if (arg2 >= kvm->arch.rvic.nr_total)
		return RVIC_ERR(ERROR_PARAMETER, X2);
	intid = arg2;

	if (func == RVIC_FN_SIGNAL)
		return rvic_signal(target, intid) ? RVIC_ERR(DISABLED, X1) : RVIC_OK;

	rvic = vcpu_rvic(target);
	rvic_lock(rvic, flags);
	line = rvic->fifo_len;
	rvic_target_op(rvic, func, intid, func == RVIC_FN_CLEAR_PENDING &&
		       rvic_level(rvic, intid, target == vcpu), val);
	line = rvic_line_moved(rvic, line);
	rvic_unlock(rvic, flags);

	if (target != vcpu)
		rvic_kick(target, line);
	return RVIC_OK;
}

static unsigned long rvic_hypercall(struct kvm_vcpu *vcpu, u32 func, u64 *val, u64 *val2)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm *kvm = vcpu->kvm;
	u64 arg1 = smccc_get_arg1(vcpu);
	unsigned long flags;

	switch (func) {
	case RVIC_FN_VERSION:
		*val = RVIC_VERSION_IMPL;
		return RVIC_OK;
	case RVIC_FN_INFO:
		switch (arg1) {
		case RVIC_INFO_KEY_NR_TRUSTED:
			*val = kvm->arch.rvic.nr_trusted;
			return RVIC_OK;
		case RVIC_INFO_KEY_NR_UNTRUSTED:
			*val = rvic_nr_untrusted(kvm);
			return RVIC_OK;
		}
		return RVIC_ERR(ERROR_PARAMETER, X1);
	case RVIC_FN_ENABLE:
	case RVIC_FN_DISABLE:
		rvic_lock(rvic, flags);
		if (func == RVIC_FN_ENABLE)
			rvic_enable(rvic, kvm->arch.rvic.nr_trusted,
				    kvm->arch.rvic.nr_total);
		else
			rvic_disable(rvic);
		rvic_unlock(rvic, flags);
		return RVIC_OK;
	case RVIC_FN_SET_MASKED:
	case RVIC_FN_CLEAR_MASKED:
	case RVIC_FN_IS_PENDING:
	case RVIC_FN_SIGNAL:
	case RVIC_FN_CLEAR_PENDING:
		return rvic_target_call(vcpu, func, val);
	case RVIC_FN_ACKNOWLEDGE:
		return rvic_acknowledge(vcpu, val);
	case RVIC_FN_RESAMPLE:
		if (arg1 >= kvm->arch.rvic.nr_trusted)
			return RVIC_ERR(ERROR_PARAMETER, X1);
		rvic_resample(vcpu, arg1);
		return RVIC_OK;
	case RVIC_FN_EXT_FIRST ... RVIC_FN_EXT_LAST:
		return rvic_ext_call(vcpu, func, val, val2);
	}
	return SMCCC_RET_NOT_SUPPORTED;
}

/**
 * kvm_rvic_hypercall() - handle an rVIC or rVID call
 * @vcpu: the calling vCPU
 *
 * Called by the SMCCC dispatcher for function IDs in the rVIC and rVID
 * ranges. A VM without an rVIC gets NOT_SUPPORTED, as for any unknown
 * call. Sets x0 to the status word, x1 to the call's value, x2 to the
 * extension's second value (0 for the 0.3 calls) and x3 to 0. In
 * protected mode, once the hypervisor has the VM, only the rVID's calls
 * get here to be run; an rVIC call here was completed at EL2, which asks
 * for a kick (or NOT_SUPPORTED, if the hypervisor has no rVIC for the VM).
 *
 * Return: 1, to resume the guest.
 */
int kvm_rvic_hypercall(struct kvm_vcpu *vcpu)
{
	u32 func = smccc_get_function(vcpu);
	bool rvid = func >= RVID_FN_FIRST && func <= RVID_FN_LAST;
	unsigned long status = SMCCC_RET_NOT_SUPPORTED;
	struct kvm_vcpu *target;
	u64 val = 0, val2 = 0;

	if (kvm_rvic_in_kernel(vcpu->kvm) && vcpu->kvm->arch.rvic.ready) {
		if (rvic_at_el2(vcpu->kvm) && !rvid) {
			/*
			 * Completed at EL2 (x0 gets its status at the next
			 * entry): this exit is for kicking the vCPU whose
			 * line the call moved.
			 */
			target = vcpu->arch.rvic_kick ?
				 kvm_get_vcpu(vcpu->kvm, vcpu->arch.rvic_kick - 1) : NULL;
			vcpu->arch.rvic_kick = 0;
			if (target) {
				rvic_kick(target, true);
				return 1;
			}
		} else {
			vcpu->stat.rvic_host_calls++;
			if (rvid)
				status = rvid_hypercall(vcpu, func, &val);
			else
				status = rvic_hypercall(vcpu, func, &val, &val2);
		}
	}

	smccc_set_retval(vcpu, status, val, val2, 0);
	return 1;
}

/* ---- the irqchip interface for the rest of KVM ------------------------- */

/**
 * kvm_rvic_vcpu_init() - give a new vCPU of an rVIC VM its instance
 * @vcpu: the vCPU being created (kvm_arch_vcpu_create())
 *
 * The vCPUs that exist when the rVIC device is created get theirs then;
 * other VMs' vCPUs get none. As with a vgic, no vCPU may join an rVIC VM
 * once one of its vCPUs has run.
 *
 * Return: 0, -EBUSY after the first KVM_RUN, or -ENOMEM.
 */
int kvm_rvic_vcpu_init(struct kvm_vcpu *vcpu)
{
	if (!kvm_rvic_in_kernel(vcpu->kvm))
		return 0;
	/* The rVID and every instance are sized and live once a vCPU ran. */
	if (kvm_vm_has_ran_once(vcpu->kvm))
		return -EBUSY;
	return rvic_alloc_instance(vcpu);
}

/**
 * kvm_rvic_vcpu_reset() - put a vCPU's instance back in its reset state
 * @vcpu: the vCPU, in kvm_reset_vcpu() (KVM_ARM_VCPU_INIT, PSCI CPU_ON)
 *
 * The instance is disabled, at the 0.3 ABI (extension revision 0), every
 * INTID masked and not pending, no level recorded (in protected mode, the
 * hypervisor's instance too), and the host interrupts behind it are no
 * longer held active
 * (the timer's reset has just lowered its lines; the next vcpu_load()
 * deactivates them). What KVM set up at the first run, the hardware
 * mappings and the owners of the trusted INTIDs, stays. Every rVID input
 * that targets the vCPU is unmapped: after a reboot, when the VMM has
 * initialised every vCPU again, no input is mapped.
 */
void kvm_rvic_vcpu_reset(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags;

	if (!rvic)
		return;

	/* No injection through an old entry is in flight after this. */
	rvid_unmap_vcpu(vcpu);

	rvic_lock(rvic, flags);
	rvic_reset_state(rvic);
	rvic_unlock(rvic, flags);
	if (rvic_at_el2(vcpu->kvm))
		WARN_ON_ONCE(rvic_hyp_op(vcpu->kvm, vcpu->vcpu_idx, KVM_RVIC_HYP_RESET, 0));
}

/**
 * kvm_rvic_vcpu_destroy() - free a vCPU's rVIC instance, if it has one
 * @vcpu: the vCPU being destroyed, after its timers and PMU
 */
void kvm_rvic_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic_vcpu *rvic = vcpu->arch.rvic;

	if (rvic)
		kvm_unshare_hyp(rvic, rvic + 1);
	kfree(rvic);
	vcpu->arch.rvic = NULL;
}

/**
 * kvm_rvic_destroy() - free the VM's rVIC state
 * @kvm: the VM being destroyed (the device's destroy callback)
 */
void kvm_rvic_destroy(struct kvm *kvm)
{
	struct kvm_vcpu **vcpus = kvm->arch.rvic.el2_vcpus;

	rvid_destroy(kvm);
	if (vcpus)
		kvm_unshare_hyp(vcpus, vcpus + kvm->max_vcpus);
	kfree(vcpus);
}

/**
 * kvm_rvic_map_resources() - check the rVIC before a vCPU first runs
 * @kvm: the VM
 *
 * A guest hypervisor (vCPUs with EL2, nested virtualization) is refused:
 * the rVIC has no EL2 view, and the timers' lines of its EL2 and EL1
 * contexts would be ORed into the one instance. Then the EL2 fast path's
 * table of vCPUs is brought up to date; a vCPU not in it yet is only
 * reached through the host.
 *
 * Return: 0, -ENXIO when the rVIC device was not finalised, -EINVAL for
 * vCPUs with EL2, -ENOMEM.
 */
int kvm_rvic_map_resources(struct kvm *kvm)
{
	struct kvm_rvic *rv = &kvm->arch.rvic;
	struct kvm_vcpu **vcpus, *vcpu;
	unsigned long i, nr = 0;
	int ret = 0;

	if (__vcpu_has_feature(&kvm->arch, KVM_ARM_VCPU_HAS_EL2))
		return -EINVAL;
	if (!rv->ready)
		return -ENXIO;

	mutex_lock(&kvm->arch.config_lock);
	vcpus = rv->el2_vcpus;
	if (!vcpus) {
		vcpus = kcalloc(kvm->max_vcpus, sizeof(*vcpus), GFP_KERNEL_ACCOUNT);
		ret = vcpus ? kvm_share_hyp(vcpus, vcpus + kvm->max_vcpus) : -ENOMEM;
		if (ret) {
			kfree(vcpus);
			goto out;
		}
		rv->el2_vcpus = vcpus;
	}
	/* vcpu_idx < created_vcpus <= max_vcpus */
	kvm_for_each_vcpu(i, vcpu, kvm) {
		WRITE_ONCE(vcpus[i], vcpu);
		nr = i + 1;
	}
	/* Pairs with the acquire in rvic_el2_target(): the entries are set */
	smp_store_release(&rv->el2_nr_vcpus, nr);
out:
	mutex_unlock(&kvm->arch.config_lock);
	return ret;
}

/**
 * kvm_rvic_flush_hwstate() - set the vCPU's virtual IRQ line
 * @vcpu: the vCPU, in its run loop, about to enter the guest
 *
 * The only place HCR_EL2.VI is written for an rVIC VM, by the vCPU itself.
 * Nothing else of the rVIC lives in CPU registers, so there is nothing to
 * load, put or sync, and the vgic's versions of those (no-ops for a VM
 * without a vgic) are left alone in the run loop.
 *
 * When: at the end of check_vcpu_requests(), hence before the run loop
 * sets vcpu->mode to IN_GUEST_MODE (smp_store_mb()) and checks for
 * requests one last time (kvm_vcpu_exit_request()). That holds in every
 * 6.12 run loop, whether it flushes the vgic before that check (6.12.117
 * and older) or after it (6.12.118, where the vgic's early-exit sync is
 * gone too): nothing here depends on where the vgic's calls sit. A change
 * to the instance made by another context after the FIFO is read below
 * is followed by kvm_make_request() and kvm_vcpu_kick() on this vCPU:
 * either the last request check sees the request, and the loop comes back
 * here, or the kick finds the vCPU IN_GUEST_MODE and its IPI makes it exit
 * right after entry. A change by the vCPU itself (its hypercalls, the
 * injections of its own timer or PMU in the run loop) comes before the
 * next pass through here, or makes a request on itself that the last
 * check sees. No interrupt is left behind; at worst one extra pass.
 */
void kvm_rvic_flush_hwstate(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags;
	bool line;

	/* The hypervisor sets the line from its instance (pkvm_rvic_flush()) */
	if (rvic_at_el2(vcpu->kvm))
		return;

	rvic_lock(rvic, flags);
	line = rvic->fifo_len;
	rvic_unlock(rvic, flags);

	if (line)
		vcpu->arch.hcr_el2 |= HCR_VI;
	else
		vcpu->arch.hcr_el2 &= ~HCR_VI;
}

/**
 * kvm_rvic_vcpu_pending_irq() - is the vCPU's virtual IRQ line high?
 * @vcpu: the vCPU
 *
 * In protected mode, the line the hypervisor last told (rvic_line): it
 * is written before the kick that follows any change raising it.
 *
 * Return: 1 if an interrupt is deliverable, else 0.
 */
int kvm_rvic_vcpu_pending_irq(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags;
	int ret;

	if (rvic_at_el2(vcpu->kvm))
		return READ_ONCE(vcpu->arch.rvic_line);

	rvic_lock(rvic, flags);
	ret = !!rvic->fifo_len;
	rvic_unlock(rvic, flags);
	return ret;
}

static void *rvic_owner(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	lockdep_assert_held(rvic);

	for (int i = 0; i < KVM_RVIC_NR_OWNERS; i++) {
		if (rvic->owners[i].owner && rvic->owners[i].intid == intid)
			return rvic->owners[i].owner;
	}
	return NULL;
}

/**
 * kvm_rvic_inject_irq() - drive a trusted, level-sensitive source
 * @kvm: the VM
 * @vcpu: the vCPU whose instance the source belongs to
 * @intid: a trusted, per-CPU INTID (16 to nr_trusted - 1)
 * @level: the source's new level
 * @owner: the source, which must own @intid if anybody does
 *
 * A rising level makes @intid pending (dropped if the instance is
 * disabled); a falling one is only recorded, for RESAMPLE. A source that
 * does not own @intid, while another one does, is ignored, as the vgic
 * ignores it.
 *
 * Return: 0, or -EINVAL for a bad INTID or vCPU.
 */
int kvm_rvic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
			unsigned int intid, bool level, void *owner)
{
	struct kvm_rvic_vcpu *rvic;
	unsigned long flags;
	bool line;

	if (!vcpu || intid < RVIC_NR_IPIS || intid >= kvm->arch.rvic.nr_trusted)
		return -EINVAL;

	rvic = vcpu_rvic(vcpu);
	rvic_lock(rvic, flags);
	if (rvic_owner(rvic, intid) != owner) {
		rvic_unlock(rvic, flags);
		return 0;
	}
	line = rvic->fifo_len;
	rvic_report_level(rvic, intid, level);
	line = rvic_line_moved(rvic, line);
	rvic_unlock(rvic, flags);

	rvic_kick(vcpu, line);
	/* The level is also kept here, for the hypervisor's first read */
	if (rvic_at_el2(kvm))
		return rvic_hyp_op(kvm, vcpu->vcpu_idx,
				   level ? KVM_RVIC_HYP_HIGH : KVM_RVIC_HYP_LOW, intid);
	return 0;
}

/**
 * kvm_rvic_set_owner() - reserve a trusted INTID for a source
 * @vcpu: the vCPU
 * @intid: a trusted, per-CPU INTID
 * @owner: the source (timer context, PMU)
 *
 * A source owns one INTID at a time: asking for another one moves it, so
 * that set-ups retried with other INTIDs (KVM_ARM_VCPU_TIMER_CTRL between
 * failed runs) never use up the slots.
 *
 * Return: 0, -EINVAL for an INTID that is not trusted and per-CPU,
 * -EEXIST if another source owns it (as the vgic), -ENOSPC if no slot is
 * left.
 */
int kvm_rvic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, void *owner)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm_rvic_owner *slot = NULL;
	unsigned long flags;
	void *cur;
	int i, ret = 0;

	if (intid < RVIC_NR_IPIS || intid >= vcpu->kvm->arch.rvic.nr_trusted || !owner)
		return -EINVAL;

	rvic_lock(rvic, flags);
	cur = rvic_owner(rvic, intid);
	if (cur) {
		ret = cur == owner ? 0 : -EEXIST;
		goto out;
	}
	/* The source's own slot if it has one, else a free one */
	for (i = 0; i < KVM_RVIC_NR_OWNERS; i++) {
		if (rvic->owners[i].owner == owner) {
			slot = &rvic->owners[i];
			break;
		}
		if (!slot && !rvic->owners[i].owner)
			slot = &rvic->owners[i];
	}
	if (slot)
		*slot = (struct kvm_rvic_owner){ .intid = intid, .owner = owner };
	else
		ret = -ENOSPC;
out:
	rvic_unlock(rvic, flags);
	return ret;
}

/*
 * Can EL2 resample @vintid on its own? It can read the level of the two
 * EL1 timers, which run in the CPU while their vCPU does, and deactivate
 * the host interrupt with ICC_DIR_EL1 if that works at EL2 as it does for
 * the host: a GICv3 CPU interface, in EOImode 1 (KVM refuses the rVIC on
 * hosts without hardware deactivation). VHE's EL2 is the host's own view,
 * and so is nVHE's when there is no EL3 (EL2 then uses the EOImode of
 * ICC_CTLR_EL1); with an EL3 it is EL3's EOImode_EL2, which the host does
 * not control, and the host resamples.
 */
static u8 rvic_el2_level_of(struct kvm_vcpu *vcpu, u32 vintid)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);

	if (kvm_vgic_global_state.type != VGIC_V3 ||
	    (!has_vhe() && cpuid_feature_extract_unsigned_field(pfr0,
						ID_AA64PFR0_EL1_EL3_SHIFT)))
		return KVM_RVIC_LEVEL_HOST;
	if (vintid == timer_irq(vcpu_vtimer(vcpu)))
		return KVM_RVIC_LEVEL_CNTV;
	if (vintid == timer_irq(vcpu_ptimer(vcpu)))
		return KVM_RVIC_LEVEL_CNTP;
	return KVM_RVIC_LEVEL_HOST;
}

/* The host interrupt's number in its GIC, as the vgic finds it */
static u32 rvic_hwintid(unsigned int host_irq)
{
	struct irq_data *data = irq_get_irq_data(host_irq);

	while (data && data->parent_data)
		data = data->parent_data;
	return data ? data->hwirq : 0;
}

/**
 * kvm_rvic_map_phys_irq() - back a trusted INTID by a host interrupt
 * @vcpu: the vCPU
 * @host_irq: the host's Linux interrupt number (the timer's PPI)
 * @vintid: the trusted INTID
 * @ops: how to read the source's level (get_input_level), or NULL
 *
 * Return: 0, -EINVAL for a bad INTID, -EBUSY if already mapped, -ENOSPC.
 */
int kvm_rvic_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
			  u32 vintid, struct irq_ops *ops)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	u32 hwintid = rvic_hwintid(host_irq);
	unsigned long flags;
	int i, ret = -ENOSPC;
	u8 el2_level;

	if (vintid < RVIC_NR_IPIS || vintid >= vcpu->kvm->arch.rvic.nr_trusted || !host_irq)
		return -EINVAL;
	/* Only the timer's (ops) are read at EL2, and only a PPI */
	el2_level = ops && hwintid >= 16 && hwintid < 32 ?
		    rvic_el2_level_of(vcpu, vintid) : KVM_RVIC_LEVEL_HOST;

	rvic_lock(rvic, flags);
	if (rvic_find_map(rvic, vintid)) {
		ret = -EBUSY;
	} else {
		for (i = 0; i < KVM_RVIC_NR_MAPS; i++) {
			if (!rvic->maps[i].host_irq) {
				rvic->maps[i] = (struct kvm_rvic_map) {
					.host_irq = host_irq,
					.intid = vintid,
					.hwintid = hwintid,
					.el2_level = el2_level,
					.ops = ops,
				};
				ret = 0;
				break;
			}
		}
	}
	rvic_unlock(rvic, flags);
	return ret;
}

/**
 * kvm_rvic_unmap_phys_irq() - undo kvm_rvic_map_phys_irq()
 * @vcpu: the vCPU
 * @vintid: the trusted INTID
 *
 * Return: 0, or -EINVAL if it was not mapped.
 */
int kvm_rvic_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm_rvic_map *map;
	unsigned long flags;

	rvic_lock(rvic, flags);
	map = rvic_find_map(rvic, vintid);
	if (map)
		memset(map, 0, sizeof(*map));
	rvic_unlock(rvic, flags);
	return map ? 0 : -EINVAL;
}

/**
 * kvm_rvic_get_map() - host interrupt behind a trusted INTID
 * @vcpu: the vCPU
 * @vintid: the trusted INTID
 *
 * Return: the host interrupt number, or -ENOENT.
 */
int kvm_rvic_get_map(struct kvm_vcpu *vcpu, u32 vintid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm_rvic_map *map;
	unsigned long flags;
	int ret;

	rvic_lock(rvic, flags);
	map = rvic_find_map(rvic, vintid);
	ret = map ? map->host_irq : -ENOENT;
	rvic_unlock(rvic, flags);
	return ret;
}

/**
 * kvm_rvic_map_is_active() - must the host interrupt stay active?
 * @vcpu: the vCPU
 * @vintid: a mapped trusted INTID
 *
 * It must while the guest has the interrupt pending, or acknowledged and
 * not yet resampled: the equivalent of the GIC's active state. In
 * protected mode the host does not know, and answers no: the timer then
 * holds its interrupt active while its level is high, and an interrupt
 * the guest has not resampled yet may fire again, which only reports the
 * level again.
 *
 * Return: true if the host interrupt must be left active.
 */
bool kvm_rvic_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	struct kvm_rvic_map *map;
	unsigned long flags;
	bool ret;

	if (rvic_at_el2(vcpu->kvm))
		return false;

	rvic_lock(rvic, flags);
	map = rvic_find_map(rvic, vintid);
	ret = map && (test_bit(vintid, rvic->active) || test_bit(vintid, rvic->pending));
	rvic_unlock(rvic, flags);
	return ret;
}

/**
 * kvm_rvic_reset_mapped_irq() - forget the state of a mapped INTID
 * @vcpu: the vCPU being reset
 * @vintid: a mapped trusted INTID
 */
void kvm_rvic_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid)
{
	struct kvm_rvic_vcpu *rvic = vcpu_rvic(vcpu);
	unsigned long flags;

	if (vintid >= KVM_RVIC_MAX_INTIDS)
		return;

	rvic_lock(rvic, flags);
	__clear_bit(vintid, rvic->active);
	rvic_assign(rvic, rvic->pending, vintid, false);
	__clear_bit(vintid, rvic->level);
	rvic_unlock(rvic, flags);
}
