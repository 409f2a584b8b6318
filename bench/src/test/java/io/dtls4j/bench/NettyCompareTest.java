package io.dtls4j.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NettyCompareTest {
    @Test
    void aServersResultLineReadsBackAsItsRow() {
        NettyCompare.Row row = new NettyCompare.Row(CompareServer.Kind.NETTY_NIO.toString(), 7984.5, 7985, 1, 15.0, 2);

        assertThat(row.line()).isEqualTo("@netty-row\tNetty NIO\t7984.5\t7985\t1\t15.0\t2");
        assertThat(NettyCompare.Row.parse(List.of("chatter", row.line()), CompareServer.Kind.NETTY_NIO)).isEqualTo(row);
    }

    @Test
    void anotherServersLineOrNoneIsRefused() {
        String line = new NettyCompare.Row(CompareServer.Kind.NETTY_NIO.toString(), 1, 1, 0, 1, 0).line();

        assertThatThrownBy(() -> NettyCompare.Row.parse(List.of(line), CompareServer.Kind.NETTY_EPOLL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NettyCompare.Row.parse(List.of(), CompareServer.Kind.NETTY_NIO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NettyCompare.Row.parse(List.of(line, line), CompareServer.Kind.NETTY_NIO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
