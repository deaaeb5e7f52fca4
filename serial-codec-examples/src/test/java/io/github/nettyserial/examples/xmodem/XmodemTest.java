package io.github.nettyserial.examples.xmodem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class XmodemTest {

    private final MockTicker ticker = Ticker.newMockTicker();

    private EmbeddedChannel channel(io.netty.channel.ChannelHandler h) {
        return EmbeddedChannel.builder().ticker(ticker).handlers(h).build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Moves bytes both ways until both sides are quiet; {@code tamper} may change what goes from a to b. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b, UnaryOperator<byte[]> tamper) {
        boolean moved;
        do {
            moved = false;
            byte[] ab = Bytes.outboundBytes(a);
            if (ab.length > 0) {
                b.writeInbound(Unpooled.wrappedBuffer(tamper.apply(ab)));
                moved = true;
            }
            byte[] ba = Bytes.outboundBytes(b);
            if (ba.length > 0) {
                a.writeInbound(Unpooled.wrappedBuffer(ba));
                moved = true;
            }
        } while (moved);
    }

    private List<XmodemFile> transfer(XmodemMode mode, String name, byte[] content) throws Exception {
        XmodemSender sender = new XmodemSender(mode, name, content);
        XmodemReceiver receiver = new XmodemReceiver(mode, 1 << 20);
        EmbeddedChannel tx = channel(sender);
        EmbeddedChannel rx = channel(receiver);
        pump(rx, tx, UnaryOperator.identity());
        assertTrue(sender.result().isSuccess(), String.valueOf(sender.result().cause()));
        assertTrue(receiver.result().isSuccess(), String.valueOf(receiver.result().cause()));
        tx.finishAndReleaseAll();
        rx.finishAndReleaseAll();
        return receiver.result().get();
    }

    @Test
    void crcCheckValue() {
        assertEquals(0x31C3, XmodemCrc.compute(Unpooled.copiedBuffer("123456789", StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void xmodemPadsTheLastBlock() throws Exception {
        byte[] content = random(1000, 1);
        XmodemFile f = transfer(XmodemMode.XMODEM, null, content).get(0);
        assertEquals(1024, f.content().length);
        assertArrayEquals(content, Arrays.copyOf(f.content(), 1000));
        assertEquals(0x1A, f.content()[1023]);
        assertEquals(-1, f.declaredSize());
    }

    @Test
    void xmodem1k() throws Exception {
        byte[] content = random(5000, 2);
        XmodemFile f = transfer(XmodemMode.XMODEM_1K, null, content).get(0);
        assertArrayEquals(content, Arrays.copyOf(f.content(), 5000));
        assertEquals(4096 + 1024, f.content().length); // four 1K blocks and a 1K tail of 904 bytes
    }

    @Test
    void ymodemKeepsNameAndExactSize() throws Exception {
        byte[] content = random(3333, 3);
        List<XmodemFile> files = transfer(XmodemMode.YMODEM, "data.bin", content);
        assertEquals(1, files.size());
        assertEquals("data.bin", files.get(0).name());
        assertEquals(3333, files.get(0).declaredSize());
        assertArrayEquals(content, files.get(0).content());
    }

    @Test
    void emptyFiles() throws Exception {
        assertEquals(0, transfer(XmodemMode.XMODEM, null, new byte[0]).get(0).content().length);
        assertEquals(0, transfer(XmodemMode.YMODEM, "empty", new byte[0]).get(0).content().length);
    }

    @Test
    void firstBlockOnTheWire() {
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, "hi".getBytes(StandardCharsets.US_ASCII));
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        byte[] block = Bytes.outboundBytes(tx);
        assertEquals(133, block.length);
        assertEquals("0101fe6869", Bytes.hex(Arrays.copyOf(block, 5)));
        assertEquals(0x1A, block[130]);
        ByteBuf b = Unpooled.wrappedBuffer(block);
        assertEquals(XmodemCrc.compute(b, 3, 128), b.getUnsignedShort(131));
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x06}));
        assertEquals("04", Bytes.outbound(tx));
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15})); // some receivers NAK the first EOT
        assertEquals("04", Bytes.outbound(tx));
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x06}));
        assertTrue(sender.result().isSuccess());
        tx.finishAndReleaseAll();
    }

    @Test
    void checksumModeWhenTheReceiverSendsNak() {
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, new byte[] {1, 2, 3});
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15}));
        byte[] block = Bytes.outboundBytes(tx);
        assertEquals(132, block.length);
        assertEquals((byte) (1 + 2 + 3 + 125 * 0x1A), block[131]);
        tx.finishAndReleaseAll();
    }

    @Test
    void corruptedBlockIsNakedAndResent() throws Exception {
        byte[] content = random(700, 4);
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, content);
        XmodemReceiver receiver = new XmodemReceiver(XmodemMode.XMODEM, 1 << 20);
        EmbeddedChannel tx = channel(sender);
        EmbeddedChannel rx = channel(receiver);
        int[] n = {0};
        pump(rx, tx, UnaryOperator.identity());
        assertTrue(receiver.result().isSuccess());
        // again, flipping a bit in the 3rd block
        XmodemSender s2 = new XmodemSender(XmodemMode.XMODEM, null, content);
        XmodemReceiver r2 = new XmodemReceiver(XmodemMode.XMODEM, 1 << 20);
        EmbeddedChannel tx2 = channel(s2);
        EmbeddedChannel rx2 = channel(r2);
        pump(tx2, rx2, bytes -> {
            if (bytes.length == 133 && ++n[0] == 3) {
                bytes[50] ^= 0x10;
            }
            return bytes;
        });
        pump(rx2, tx2, UnaryOperator.identity());
        assertTrue(r2.result().isSuccess(), String.valueOf(r2.result().cause()));
        assertArrayEquals(content, Arrays.copyOf(r2.result().get().get(0).content(), 700));
        for (EmbeddedChannel c : List.of(tx, rx, tx2, rx2)) {
            c.finishAndReleaseAll();
        }
    }

    @Test
    void duplicateBlockIsAckedOnce() throws Exception {
        XmodemReceiver receiver = new XmodemReceiver(XmodemMode.XMODEM, 1 << 20);
        EmbeddedChannel rx = channel(receiver);
        assertEquals("43", Bytes.outbound(rx));
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, random(200, 5));
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        byte[] block1 = Bytes.outboundBytes(tx);
        rx.writeInbound(Unpooled.wrappedBuffer(block1));
        rx.writeInbound(Unpooled.wrappedBuffer(block1));
        assertEquals("0606", Bytes.outbound(rx));
        rx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x04}));
        assertEquals(128, receiver.result().get().get(0).content().length);
        tx.finishAndReleaseAll();
        rx.finishAndReleaseAll();
    }

    @Test
    void outOfSequenceBlockCancels() {
        XmodemReceiver receiver = new XmodemReceiver(XmodemMode.XMODEM, 1 << 20);
        EmbeddedChannel rx = channel(receiver);
        Bytes.outbound(rx);
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, random(500, 6));
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        Bytes.outboundBytes(tx);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x06}));
        rx.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(tx))); // block 2 first
        assertEquals("1818", Bytes.outbound(rx));
        assertInstanceOf(XmodemException.class, receiver.result().cause());
        tx.finishAndReleaseAll();
        rx.finishAndReleaseAll();
    }

    @Test
    void senderGivesUpAfterTenNaks() {
        XmodemSender sender = new XmodemSender(XmodemMode.XMODEM, null, random(500, 7));
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        for (int i = 0; i < 10; i++) {
            assertEquals(133, Bytes.outboundBytes(tx).length);
            tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15}));
        }
        assertEquals(133, Bytes.outboundBytes(tx).length);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15}));
        assertEquals("1818", Bytes.outbound(tx));
        assertInstanceOf(XmodemException.class, sender.result().cause());
        tx.finishAndReleaseAll();
    }

    @Test
    void senderStopsOnCanCanAndOnTimeouts() {
        XmodemSender sender = new XmodemSender(XmodemMode.YMODEM, "f", random(10, 8));
        EmbeddedChannel tx = channel(sender);
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C', 0x18, 0x18}));
        assertTrue(sender.result().cause().getMessage().contains("cancelled"));
        tx.finishAndReleaseAll();

        XmodemSender idle = new XmodemSender(XmodemMode.XMODEM, null, random(10, 9));
        EmbeddedChannel tx2 = channel(idle);
        ticker.advance(59, TimeUnit.SECONDS);
        tx2.runScheduledPendingTasks();
        assertFalse(idle.result().isDone());
        ticker.advance(1, TimeUnit.SECONDS);
        tx2.runScheduledPendingTasks();
        assertTrue(idle.result().cause().getMessage().contains("no receiver"));
        tx2.finishAndReleaseAll();

        XmodemSender silent = new XmodemSender(XmodemMode.XMODEM, null, random(10, 10));
        EmbeddedChannel tx3 = channel(silent);
        tx3.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        for (int i = 0; i < 11; i++) {
            assertEquals(133, Bytes.outboundBytes(tx3).length, "block resent after each 10 s timeout");
            ticker.advance(10, TimeUnit.SECONDS);
            tx3.runScheduledPendingTasks();
        }
        assertInstanceOf(XmodemException.class, silent.result().cause());
        tx3.finishAndReleaseAll();
    }

    @Test
    void receiverRepeatsCThenGivesUp() {
        XmodemReceiver receiver = new XmodemReceiver(XmodemMode.XMODEM, 1024);
        EmbeddedChannel rx = channel(receiver);
        for (int i = 0; i < 20; i++) {
            assertEquals("43", Bytes.outbound(rx));
            ticker.advance(3, TimeUnit.SECONDS);
            rx.runScheduledPendingTasks();
        }
        assertInstanceOf(XmodemException.class, receiver.result().cause());
        rx.finishAndReleaseAll();
    }

    @Test
    void receiverNaksSilenceAndRefusesHugeFiles() {
        XmodemReceiver receiver = new XmodemReceiver(XmodemMode.YMODEM, 100);
        EmbeddedChannel rx = channel(receiver);
        XmodemSender sender = new XmodemSender(XmodemMode.YMODEM, "big", random(500, 11));
        EmbeddedChannel tx = channel(sender);
        pump(rx, tx, UnaryOperator.identity());
        assertTrue(receiver.result().cause().getMessage().contains("exceeds 100"));
        assertInstanceOf(XmodemException.class, sender.result().cause());
        tx.finishAndReleaseAll();
        rx.finishAndReleaseAll();

        XmodemReceiver r2 = new XmodemReceiver(XmodemMode.XMODEM, 1 << 20);
        EmbeddedChannel rx2 = channel(r2);
        Bytes.outbound(rx2);
        XmodemSender s2 = new XmodemSender(XmodemMode.XMODEM, null, random(500, 12));
        EmbeddedChannel tx2 = channel(s2);
        tx2.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        rx2.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(tx2)));
        assertEquals("06", Bytes.outbound(rx2));
        tx2.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x06}));
        byte[] block = Bytes.outboundBytes(tx2);
        rx2.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(block, 60))); // half a block, then silence
        ticker.advance(10, TimeUnit.SECONDS);
        rx2.runScheduledPendingTasks();
        assertEquals("15", Bytes.outbound(rx2));
        rx2.writeInbound(Unpooled.wrappedBuffer(block));
        assertEquals("06", Bytes.outbound(rx2));
        tx2.finishAndReleaseAll();
        rx2.finishAndReleaseAll();
    }
}
