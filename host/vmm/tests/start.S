/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of the bare-metal test guest: an arm64 Image header (so that
 * rvic-vmm loads it like a kernel), a stack, guest_main(), then PSCI SYSTEM_OFF.
 * KVM enters at EL1 with the MMU off and DAIF masked; x0 holds the DTB.
 */
	.section .head, "ax"
	.globl	_start
_start:
	b	entry				/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	_end - _start			/* image_size */
	.quad	0				/* flags */
	.quad	0, 0, 0
	.ascii	"ARM\x64"			/* magic */
	.long	0

	.text
entry:
	adrp	x1, stack_top
	add	x1, x1, :lo12:stack_top
	mov	sp, x1
	bl	guest_main
	ldr	w0, =0x84000008			/* PSCI SYSTEM_OFF */
	hvc	#0
1:	wfi
	b	1b

	.bss
	.balign	16
	.space	8192
stack_top:
