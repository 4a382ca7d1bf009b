// SPDX-License-Identifier: GPL-2.0
/*
 * A 16550A UART on stdio: the guest's ttyS0, and its console through
 * /chosen/stdout-path (so "earlycon" works without arguments).
 *
 * Transmit is immediate: a THR write goes straight to stdout, so the
 * transmitter always reads as empty. Receive: a thread reads stdin into a
 * FIFO that the guest drains through RBR. On a terminal, stdin is put in
 * raw mode and Ctrl-A x quits (Ctrl-A Ctrl-A sends a Ctrl-A).
 *
 * The interrupt is a device interrupt from irq_alloc(), asserted for
 * "received data available" (IER.ERBFI) and "THR empty" (IER.ETBEI):
 *
 * - GICv3: a level-high SPI that follows the 16550's output exactly: it
 *   drops when the guest reads the last byte, reads IIR with THRE as the
 *   reason, writes THR or clears the enable bits.
 * - rVIC: an rVID input, which is an edge, so the UART fires it on each
 *   new event while the interrupt is enabled: a byte received, THR
 *   becoming empty (every THR write), or an enable bit set while its
 *   condition holds. At worst the guest sees one interrupt with nothing
 *   left to do; it never misses one.
 *
 * Not emulated: line status and modem status interrupts, RX trigger
 * levels and timeouts (data interrupts as soon as one byte is there).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libfdt.h>

#include "vmm.h"

/* Registers, reg-shift 0 */
#define UART_RBR	0	/* read, DLAB 0 */
#define UART_THR	0	/* write, DLAB 0 */
#define UART_DLL	0	/* DLAB 1 */
#define UART_IER	1	/* DLAB 0 */
#define UART_DLM	1	/* DLAB 1 */
#define UART_IIR	2	/* read */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define IER_ERBFI	0x01	/* received data available */
#define IER_ETBEI	0x02	/* THR empty */
#define IER_MASK	0x0f
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_FIFO	0xc0	/* FIFOs enabled */
#define FCR_ENABLE	0x01
#define FCR_CLEAR_RX	0x02
#define LCR_DLAB	0x80
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define MCR_MASK	0x1f
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

#define UART_CLOCK	1843200
#define RX_SIZE		64
#define CTRL_A		0x01

struct uart {
	struct mmio_dev dev;
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t rx_space;	/* the guest made room in rx[] */
	int irq;
	u8 ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thr_ipending;		/* THRE interrupt not yet taken */
	bool rx_cond, thr_cond;		/* interrupt reasons at last update */
	bool level;			/* line level at last update (GIC) */
	u8 rx[RX_SIZE];
	unsigned int rx_head, rx_count;
	bool escape;			/* Ctrl-A seen on a terminal */
};

static struct uart uart = {
	.lock		= PTHREAD_MUTEX_INITIALIZER,
	.rx_space	= PTHREAD_COND_INITIALIZER,
};

static struct termios saved_termios;
static bool raw_tty;

/* Recompute the interrupt output; @new_rx: a byte just arrived. */
static void uart_update(struct uart *u, bool new_rx)
{
	bool rx = (u->ier & IER_ERBFI) && u->rx_count;
	bool thr = (u->ier & IER_ETBEI) && u->thr_ipending;
	bool level = rx || thr;

	if (irq_is_edge()) {
		if ((rx && (!u->rx_cond || new_rx)) || (thr && !u->thr_cond))
			irq_line(u->irq, 1);
	} else if (level != u->level) {
		irq_line(u->irq, level);
	}
	u->rx_cond = rx;
	u->thr_cond = thr;
	u->level = level;
}

static void rx_push(struct uart *u, u8 c)
{
	if (u->rx_count == RX_SIZE)
		return;		/* overrun: the byte is lost, as on hardware */
	u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = c;
	uart_update(u, true);
}

static u8 rx_pop(struct uart *u)
{
	u8 c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % RX_SIZE;
	if (u->rx_count-- == RX_SIZE)
		pthread_cond_signal(&u->rx_space);
	uart_update(u, false);
	return c;
}

static u8 uart_iir(struct uart *u)
{
	u8 fifo = (u->fcr & FCR_ENABLE) ? IIR_FIFO : 0;

	if ((u->ier & IER_ERBFI) && u->rx_count)
		return IIR_RDI | fifo;
	if ((u->ier & IER_ETBEI) && u->thr_ipending)
		return IIR_THRI | fifo;
	return IIR_NO_INT | fifo;
}

static u8 uart_msr(struct uart *u)
{
	u8 m = u->mcr;

	if (!(m & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	return (m & MCR_RTS ? MSR_CTS : 0) | (m & MCR_DTR ? MSR_DSR : 0) |
	       (m & MCR_OUT1 ? MSR_RI : 0) | (m & MCR_OUT2 ? MSR_DCD : 0);
}

static void uart_read(struct mmio_dev *dev, u64 off, void *data, u32 len)
{
	struct uart *u = (struct uart *)dev;
	bool dlab;
	u8 val = 0;

	pthread_mutex_lock(&u->lock);
	dlab = u->lcr & LCR_DLAB;
	switch (off) {
	case UART_RBR:
		val = dlab ? u->dll : rx_pop(u);
		break;
	case UART_IER:
		val = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR:
		val = uart_iir(u);
		/* Reading IIR that names THRE is what clears that one. */
		if ((val & 0x0f) == IIR_THRI) {
			u->thr_ipending = false;
			uart_update(u, false);
		}
		break;
	case UART_LCR:
		val = u->lcr;
		break;
	case UART_MCR:
		val = u->mcr;
		break;
	case UART_LSR:
		val = LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0);
		break;
	case UART_MSR:
		val = uart_msr(u);
		break;
	case UART_SCR:
		val = u->scr;
		break;
	}
	pthread_mutex_unlock(&u->lock);
	memset(data, 0, len);
	*(u8 *)data = val;
}

static void uart_tx(struct uart *u, u8 c)
{
	if (u->mcr & MCR_LOOP) {
		rx_push(u, c);
	} else if (write(STDOUT_FILENO, &c, 1) < 0 && errno != EPIPE) {
		/* Output errors must not stop the guest; say it once. */
		static bool reported;

		if (!reported)
			warn("uart: write to stdout: %s", strerror(errno));
		reported = true;
	}
	/* The THR empties at once: THRE is a new interrupt reason. */
	u->thr_ipending = false;
	uart_update(u, false);
	u->thr_ipending = true;
	uart_update(u, false);
}

static void uart_write(struct mmio_dev *dev, u64 off, const void *data,
		       u32 len)
{
	struct uart *u = (struct uart *)dev;
	u8 val = *(const u8 *)data, old;
	bool dlab;

	pthread_mutex_lock(&u->lock);
	dlab = u->lcr & LCR_DLAB;
	switch (off) {
	case UART_THR:
		if (dlab)
			u->dll = val;
		else
			uart_tx(u, val);
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = val;
			break;
		}
		old = u->ier;
		u->ier = val & IER_MASK;
		/* Enabling ETBEI with the THR empty raises THRE at once. */
		if ((old ^ u->ier) & IER_ETBEI)
			u->thr_ipending = u->ier & IER_ETBEI;
		uart_update(u, false);
		break;
	case UART_FCR:
		u->fcr = val & FCR_ENABLE;
		if (val & FCR_CLEAR_RX) {
			u->rx_count = 0;
			pthread_cond_signal(&u->rx_space);
			uart_update(u, false);
		}
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & MCR_MASK;
		break;
	case UART_SCR:
		u->scr = val;
		break;
	}
	pthread_mutex_unlock(&u->lock);
}

/* Called with the lock held; returns false for a byte eaten by Ctrl-A. */
static bool console_escape(struct uart *u, u8 c)
{
	if (!raw_tty)
		return true;
	if (!u->escape) {
		u->escape = c == CTRL_A;
		return !u->escape;
	}
	u->escape = false;
	if (c == 'x') {
		fprintf(stderr, "\r\nrvic-vmm: Ctrl-A x, quitting\r\n");
		vmm_exit(0);
	}
	return c == CTRL_A;
}

static void *stdin_thread(void *arg)
{
	struct uart *u = arg;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	u8 buf[RX_SIZE];
	unsigned int room;
	ssize_t i, n;

	for (;;) {
		pthread_mutex_lock(&u->lock);
		while (u->rx_count == RX_SIZE)
			pthread_cond_wait(&u->rx_space, &u->lock);
		room = RX_SIZE - u->rx_count;
		pthread_mutex_unlock(&u->lock);

		/*
		 * poll + read, not O_NONBLOCK: stdin may share its file
		 * description with stdout, which must stay blocking.
		 */
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p.revents & POLLNVAL)
			break;
		n = read(STDIN_FILENO, buf, room);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;		/* EOF or error: no more input */

		pthread_mutex_lock(&u->lock);
		for (i = 0; i < n; i++)
			if (console_escape(u, buf[i]))
				rx_push(u, buf[i]);
		pthread_mutex_unlock(&u->lock);
	}
	return NULL;
}

static void restore_tty(void)
{
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void uart_start(struct mmio_dev *dev)
{
	struct termios t;
	pthread_t thread;
	int err;

	signal(SIGPIPE, SIG_IGN);
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved_termios)) {
		t = saved_termios;
		cfmakeraw(&t);
		t.c_oflag |= OPOST | ONLCR;	/* keep our own messages tidy */
		if (!tcsetattr(STDIN_FILENO, TCSANOW, &t)) {
			raw_tty = true;
			atexit(restore_tty);
		}
	}
	err = pthread_create(&thread, NULL, stdin_thread, dev);
	if (err) {
		errno = err;
		die_perror("uart: pthread_create");
	}
	pthread_detach(thread);
}

/* --save keeps the registers and the receive FIFO: the fields from @ier to @escape */
#define UART_STATE_START	offsetof(struct uart, ier)
#define UART_STATE_LEN		(offsetof(struct uart, escape) - UART_STATE_START)

static size_t uart_save(struct mmio_dev *dev, void **data)
{
	struct uart *u = (struct uart *)dev;

	/* Held for good: input stops here, output with the vCPUs. */
	pthread_mutex_lock(&u->lock);
	*data = (u8 *)u + UART_STATE_START;
	return UART_STATE_LEN;
}

static int uart_restore(struct mmio_dev *dev, const void *data, size_t len)
{
	struct uart *u = (struct uart *)dev;

	if (len != UART_STATE_LEN)
		return -1;
	pthread_mutex_lock(&u->lock);
	memcpy((u8 *)u + UART_STATE_START, data, len);
	u->rx_head %= RX_SIZE;
	if (u->rx_count > RX_SIZE)
		u->rx_count = RX_SIZE;
	pthread_mutex_unlock(&u->lock);
	return 0;
}

static void uart_fdt_node(struct mmio_dev *dev, void *fdt)
{
	struct uart *u = (struct uart *)dev;

	FDT(fdt_begin_node(fdt, vm.stdout_path + 1));
	FDT(fdt_property_string(fdt, "compatible", "ns16550a"));
	fdt_reg(fdt, dev->base, dev->size);
	FDT(fdt_property_u32(fdt, "clock-frequency", UART_CLOCK));
	FDT(fdt_property_u32(fdt, "reg-shift", 0));
	FDT(fdt_property_u32(fdt, "reg-io-width", 1));
	irqchip_fdt_irq(fdt, u->irq, false);
	FDT(fdt_end_node(fdt));
}

/** uart_init() - create the console UART */
void uart_init(void)
{
	static char path[32];

	snprintf(path, sizeof(path), "/serial@%llx",
		 (unsigned long long)UART_BASE);
	vm.stdout_path = path;
	uart.irq = irq_alloc();
	uart.dev = (struct mmio_dev) {
		.name		= "uart",
		.base		= UART_BASE,
		.size		= UART_SIZE,
		.read		= uart_read,
		.write		= uart_write,
		.fdt_node	= uart_fdt_node,
		.start		= uart_start,
		.save		= uart_save,
		.restore	= uart_restore,
	};
	mmio_register(&uart.dev);
}
