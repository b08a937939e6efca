// Command wan-delay emulates a WAN on a kernel without tc netem: it holds every packet that
// nftables queues to it (the packets a mill's host sends to the other mills) for a delay with
// jitter before letting it go, and drops a share of them. One runs in each mill's network
// namespace, started and stopped by the Spindle network tool.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"syscall"
	"time"

	nfqueue "github.com/florianl/go-nfqueue"
)

func main() {
	queue := flag.Uint("queue", 0, "the nfqueue number nftables sends packets to")
	delay := flag.Duration("delay", 20*time.Millisecond, "mean delay of every packet")
	jitter := flag.Duration("jitter", 4*time.Millisecond, "standard deviation of the delay")
	loss := flag.Float64("loss", 0.1, "percentage of packets dropped")
	flag.Parse()
	if err := run(uint16(*queue), *delay, *jitter, *loss/100); err != nil {
		fmt.Fprintf(os.Stderr, "wan-delay: %v\n", err)
		os.Exit(1)
	}
}

func run(queue uint16, delay, jitter time.Duration, loss float64) error {
	config := nfqueue.Config{
		NfQueue:      queue,
		MaxPacketLen: 0,
		MaxQueueLen:  0xffff,
		Copymode:     nfqueue.NfQnlCopyMeta,
		// A full queue lets packets through undelayed rather than stalling the mill.
		Flags:        nfqueue.NfQaCfgFlagFailOpen,
		WriteTimeout: 100 * time.Millisecond,
	}
	queued, err := nfqueue.Open(&config)
	if err != nil {
		return fmt.Errorf("open queue %d: %w", queue, err)
	}
	defer queued.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	verdict := func(id uint32, decision int) {
		if err := queued.SetVerdict(id, decision); err != nil {
			fmt.Fprintf(os.Stderr, "wan-delay: verdict: %v\n", err)
		}
	}
	hold := func(attribute nfqueue.Attribute) int {
		if attribute.PacketID == nil {
			return 0
		}
		id := *attribute.PacketID
		if rand.Float64() < loss {
			verdict(id, nfqueue.NfDrop)
			return 0
		}
		wait := delay + time.Duration(rand.NormFloat64()*float64(jitter))
		if wait < 0 {
			wait = 0
		}
		time.AfterFunc(wait, func() { verdict(id, nfqueue.NfAccept) })
		return 0
	}
	failed := func(e error) int {
		fmt.Fprintf(os.Stderr, "wan-delay: %v\n", e)
		return 0
	}
	if err := queued.RegisterWithErrorFunc(ctx, hold, failed); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	fmt.Printf("wan-delay: queue %d, %v ± %v, %.2f %% loss\n", queue, delay, jitter, loss*100)
	<-ctx.Done()
	return nil
}
