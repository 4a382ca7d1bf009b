// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_irq_line - rVID inputs asserted by the host, with KVM_IRQ_LINE
 * (KVM_ARM_IRQ_TYPE_SPI, the input as irq number) and with irqfd (the
 * default route takes GSI i to input i), into 4 vCPUs.
 *
 * The vCPUs have ids 0, 1, 2 and 17, so that vCPU index and vCPU id
 * differ for the last one (MPIDR 0x101): the rVID must target by index
 * (defect #5 of the 2020 prototype).
 *
 * vCPU 0 is the controller: it MAPs inputs 0..7 to INTIDs 32..39 on the
 * vCPUs and asks the host, through GUEST_SYNC, to fire them. Inputs are
 * edges and an INTID that is pending cannot be pending twice, so the host
 * fires an input again only once the guest has handled the previous edge:
 * every edge must then be handled exactly once, and the host checks the
 * count of each input on each vCPU.
 *
 * 1. static mapping, bursts through both KVM_IRQ_LINE and irqfd;
 * 2. every input moved to another vCPU between bursts, with the spec's
 *    affinity-move sequence (mask on old, mask on new, MAP new, if
 *    pending on old: CLEAR_PENDING old + SIGNAL new, unmask new);
 * 3. unmapped inputs: their fires are dropped;
 * 4. the host fires from a separate thread while the controller keeps
 *    moving the inputs between vCPUs: the totals must still be exact.
 *
 * No IRQ may be spurious (an ACK finding nothing) in phases 1 and 2; in
 * phase 4 a remote mask can race with the target taking the IRQ.
 */
#include <sys/eventfd.h>

#include "rvic_util.h"

#define NR_VCPUS	4
#define NR_INPUTS	8
#define INTID(input)	(RVIC_TEST_TRUSTED + (input))
#define DOORBELL	1		/* IPI that wakes idle vCPUs at the end */
#define HOST_BELL_INPUT	(RVIC_TEST_UNTRUSTED - 1)	/* host -> controller */
#define HOST_BELL	(RVIC_TEST_TOTAL - 1)
#define BURSTS		10
#define STORM_INPUTS	6
#define STORM_FIRES	40

enum {
	HOST_BARRIER = 1,
	HOST_BURST,		/* arg: expected target of each input (packed) */
	HOST_UNMAPPED,		/* fire unmapped inputs 6, 7 */
	HOST_STORM_START,
	HOST_STORM_END,
};

static const uint32_t vcpu_ids[NR_VCPUS] = { 0, 1, 2, 17 };

static uint64_t targets[NR_VCPUS];		/* set by the host */
static volatile uint32_t handled[NR_VCPUS][NR_INPUTS];
static volatile int spurious[NR_VCPUS];
static volatile int stop, storm_done, host_done;

static int my_index(void)
{
	uint64_t self = rvic_self();

	for (int i = 0; i < NR_VCPUS; i++)
		if (targets[i] == self)
			return i;
	GUEST_FAIL("MPIDR 0x%lx is no known vCPU", self);
	return -1;
}

static void irq_handler(struct ex_regs *regs)
{
	int me = my_index();
	bool first = true;
	int64_t intid;

	while ((intid = rvic_ack()) >= 0) {
		first = false;
		if (intid != DOORBELL && intid != HOST_BELL) {
			__GUEST_ASSERT(intid >= INTID(0) && intid < INTID(NR_INPUTS),
				       "vCPU %d took INTID %ld", me, intid);
			handled[me][intid - INTID(0)]++;
		}
		rvic_clear_masked(targets[me], intid);
	}
	if (first)
		spurious[me]++;
}

/* The spec's affinity move of @input from vCPU @from to vCPU @to */
static void move_input(int input, int from, int to)
{
	uint64_t intid = INTID(input);

	local_irq_disable();
	rvic_set_masked(targets[from], intid);
	rvic_set_masked(targets[to], intid);
	rvid_map(input, targets[to], intid);
	if (rvic_is_pending(targets[from], intid)) {
		rvic_clear_pending(targets[from], intid);
		rvic_signal(targets[to], intid);
	}
	rvic_clear_masked(targets[to], intid);
	local_irq_enable();
}

/*
 * Ask the host to do @cmd and wait (in WFI, taking interrupts) until it
 * is done: the host works from its own thread, since the inputs it fires
 * may target this vCPU, and rings the bell input when done.
 */
static void host_do(int cmd, uint64_t arg)
{
	static int seq;

	GUEST_SYNC3(cmd, arg, ++seq);
	for (;;) {
		local_irq_disable();
		if (host_done == seq)
			break;
		wfi();
		local_irq_enable();
	}
	local_irq_enable();
}

static uint64_t pack_map(const int *map)
{
	uint64_t v = 0;

	for (int i = 0; i < NR_INPUTS; i++)
		v |= (uint64_t)(map[i] & 0xf) << (4 * i);
	return v;
}

static void guest_code(void)
{
	int me = my_index();
	uint64_t self = targets[me];
	int map[NR_INPUTS];
	int moves = 0;

	rvic_enable();
	for (int i = 0; i < NR_INPUTS; i++)
		rvic_clear_masked(self, INTID(i));
	rvic_clear_masked(self, DOORBELL);
	rvic_clear_masked(self, HOST_BELL);
	local_irq_enable();
	GUEST_SYNC1(HOST_BARRIER);

	if (me) {
		/* Idle: take interrupts until told to stop */
		for (;;) {
			local_irq_disable();
			if (stop)
				break;
			wfi();
			local_irq_enable();
		}
		local_irq_enable();
		GUEST_DONE();
	}

	rvid_map(HOST_BELL_INPUT, self, HOST_BELL);

	/* 1: static mapping */
	for (int i = 0; i < NR_INPUTS; i++) {
		map[i] = i % NR_VCPUS;
		rvid_map(i, targets[map[i]], INTID(i));
	}
	host_do(HOST_BURST, pack_map(map));

	/* 2: move every input to the next vCPU, then fire again */
	for (int i = 0; i < NR_INPUTS; i++) {
		int to = (map[i] + 1) % NR_VCPUS;

		move_input(i, map[i], to);
		map[i] = to;
	}
	host_do(HOST_BURST, pack_map(map));
	for (int v = 0; v < NR_VCPUS; v++)
		GUEST_ASSERT_EQ(spurious[v], 0);

	/* 3: unmapped inputs are dropped */
	rvid_unmap(6);
	rvid_unmap(7);
	host_do(HOST_UNMAPPED, 0);

	/* 4: move inputs around while the host fires them */
	GUEST_SYNC3(HOST_STORM_START, 0, 0);
	while (!storm_done) {
		int i = moves % STORM_INPUTS;
		int to = (map[i] + 1 + moves % (NR_VCPUS - 1)) % NR_VCPUS;

		move_input(i, map[i], to);
		map[i] = to;
		moves++;
	}
	GUEST_SYNC1(HOST_STORM_END);
	/*
	 * Spurious IRQs are possible here, and only here: masking an INTID
	 * or clearing it on a vCPU that is taking its IRQ at that moment.
	 */
	GUEST_PRINTF("storm: %d affinity moves while the host fired, spurious IRQs %d/%d/%d/%d\n",
		     moves, spurious[0], spurious[1], spurious[2], spurious[3]);

	stop = 1;
	for (int v = 1; v < NR_VCPUS; v++)
		rvic_signal(targets[v], DOORBELL);
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------------ */

static struct kvm_vm *vm;
static int irqfds[NR_INPUTS];
static uint32_t fired[NR_INPUTS];
static uint32_t seen[NR_VCPUS][NR_INPUTS];	/* handled[] at the last check */
static pthread_barrier_t barrier;
static int nr_line, nr_irqfd, nr_dropped;

static void fire(int input, bool use_irqfd)
{
	uint64_t one = 1;

	if (use_irqfd) {
		TEST_ASSERT(write(irqfds[input], &one, sizeof(one)) == sizeof(one),
			    "eventfd write");
		nr_irqfd++;
	} else {
		rvic_fire_line(vm, input);
		nr_line++;
	}
}

static uint32_t handled_total(int input)
{
	volatile uint32_t (*h)[NR_INPUTS] = *guest_global(vm, handled);
	uint32_t n = 0;

	for (int v = 0; v < NR_VCPUS; v++)
		n += h[v][input];
	return n;
}

/* Wait until the guest has handled every edge fired on @input */
static void wait_handled(int input)
{
	struct timespec t0;
	uint32_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = handled_total(input)) < fired[input]) {
		if (timespec_to_ns(timespec_elapsed(t0)) > 30LL * NSEC_PER_SEC) {
			rvic_dump_state(vm);
			TEST_FAIL("input %d: %u of %u edges handled after 30s (lost)",
				  input, n, fired[input]);
		}
		usleep(100);
	}
	TEST_ASSERT(n == fired[input], "input %d: %u edges handled, %u fired (duplicate)",
		    input, n, fired[input]);
}

static void host_burst(uint64_t packed)
{
	volatile uint32_t (*h)[NR_INPUTS] = *guest_global(vm, handled);
	uint32_t before[NR_INPUTS];
	int map[NR_INPUTS];

	for (int i = 0; i < NR_INPUTS; i++) {
		map[i] = (packed >> (4 * i)) & 0xf;
		before[i] = fired[i];
	}
	for (int b = 0; b < BURSTS; b++) {
		for (int i = 0; i < NR_INPUTS; i++) {
			fired[i]++;
			fire(i, b & 1);
		}
		for (int i = 0; i < NR_INPUTS; i++)
			wait_handled(i);
	}
	/* all of this burst's edges on the mapped vCPU, none elsewhere */
	for (int i = 0; i < NR_INPUTS; i++) {
		for (int v = 0; v < NR_VCPUS; v++) {
			uint32_t got = h[v][i] - seen[v][i];
			uint32_t want = map[i] == v ? fired[i] - before[i] : 0;

			TEST_ASSERT(got == want,
				    "input %d: vCPU %d (id %u) handled %u edges, expected %u",
				    i, v, vcpu_ids[v], got, want);
			seen[v][i] = h[v][i];
		}
	}
	ksft_print_msg("burst: %d inputs x %d edges (KVM_IRQ_LINE and irqfd), map %08lx: exact\n",
		       NR_INPUTS, BURSTS, packed);
}

static void host_unmapped(void)
{
	uint32_t before6 = handled_total(6), before7 = handled_total(7);

	for (int k = 0; k < 10; k++) {
		fire(6, k & 1);
		fire(7, k & 1);
		nr_dropped += 2;
	}
	/* a mapped input behind them: once it is handled, they were seen */
	fired[0]++;
	fire(0, false);
	wait_handled(0);
	TEST_ASSERT(handled_total(6) == before6 && handled_total(7) == before7,
		    "unmapped inputs were delivered");
	ksft_print_msg("unmapped: 20 fires of inputs 6 and 7 dropped\n");
}

static void *storm_fn(void *arg)
{
	for (int k = 0; k < STORM_FIRES; k++) {
		for (int i = 0; i < STORM_INPUTS; i++) {
			fired[i]++;
			fire(i, (k + i) & 1);
		}
		for (int i = 0; i < STORM_INPUTS; i++)
			wait_handled(i);
	}
	*guest_global(vm, storm_done) = 1;
	return NULL;
}

struct host_work {
	uint64_t cmd, arg, seq;
};

static pthread_t worker;
static bool worker_running;

static void *host_worker(void *arg)
{
	struct host_work *w = arg;

	switch (w->cmd) {
	case HOST_BURST:
		host_burst(w->arg);
		break;
	case HOST_UNMAPPED:
		host_unmapped();
		break;
	case HOST_STORM_START:
		storm_fn(NULL);
		return NULL;		/* the guest polls storm_done */
	}
	*guest_global(vm, host_done) = w->seq;
	rvic_fire_line(vm, HOST_BELL_INPUT);
	return NULL;
}

static void join_worker(void)
{
	if (worker_running)
		pthread_join(worker, NULL);
	worker_running = false;
}

static void host_step(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	static struct host_work w;

	switch (uc->args[0]) {
	case HOST_BARRIER:
		pthread_barrier_wait(&barrier);
		break;
	case HOST_BURST:
	case HOST_UNMAPPED:
	case HOST_STORM_START:
		join_worker();
		w = (struct host_work){ uc->args[0], uc->args[1], uc->args[2] };
		pthread_create(&worker, NULL, host_worker, &w);
		worker_running = true;
		break;
	case HOST_STORM_END:
		join_worker();
		for (int i = 0; i < NR_INPUTS; i++)
			TEST_ASSERT(handled_total(i) == fired[i],
				    "input %d: %u handled, %u fired", i,
				    handled_total(i), fired[i]);
		ksft_print_msg("storm: %d inputs x %d edges fired while remapping: exact\n",
			       STORM_INPUTS, STORM_FIRES);
		break;
	default:
		TEST_FAIL("unknown host step %lu", uc->args[0]);
	}
}

int main(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	uint32_t total = 0;

	rvic_require();

	vm = vm_create(NR_VCPUS);
	for (int i = 0; i < NR_VCPUS; i++)
		vcpus[i] = vm_vcpu_add(vm, vcpu_ids[i], guest_code);
	vm_init_descriptor_tables(vm);
	for (int i = 0; i < NR_VCPUS; i++) {
		vcpu_init_descriptor_tables(vcpus[i]);
		targets[i] = rvic_vcpu_target(vcpus[i]);
	}
	TEST_ASSERT(targets[3] == 0x101, "vCPU id 17: MPIDR 0x%lx", targets[3]);
	sync_global_to_guest(vm, targets);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, irq_handler);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);

	rvic_irqfds(vm, irqfds, NR_INPUTS);

	pthread_barrier_init(&barrier, NULL, NR_VCPUS);
	rvic_run_vcpus(vcpus, NR_VCPUS, host_step);
	join_worker();

	for (int i = 0; i < NR_INPUTS; i++) {
		TEST_ASSERT(handled_total(i) == fired[i], "input %d: %u handled, %u fired",
			    i, handled_total(i), fired[i]);
		total += fired[i];
	}
	ksft_print_msg("%u edges fired (%d KVM_IRQ_LINE, %d irqfd, %d into unmapped inputs), %u handled exactly once\n",
		       total + nr_dropped, nr_line, nr_irqfd, nr_dropped, total);

	for (int i = 0; i < NR_INPUTS; i++)
		close(irqfds[i]);
	pthread_barrier_destroy(&barrier);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_irq_line: all checks passed\n");
	return 0;
}
