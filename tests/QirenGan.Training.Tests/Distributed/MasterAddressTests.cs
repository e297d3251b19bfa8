using QirenGan.Training.Distributed;

namespace QirenGan.Training.Tests.Distributed;

public sealed class MasterAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:29500", "127.0.0.1", 29500)]
    [InlineData(" node-7.cluster:1 ", "node-7.cluster", 1)]
    [InlineData("[fe80::1]:65535", "fe80::1", 65535)]
    public void Well_formed_addresses_parse_and_print_back(string text, string host, int port)
    {
        var address = MasterAddress.Parse(text);

        Assert.Equal(new MasterAddress(host, port), address);
        Assert.Equal(address, MasterAddress.Parse(address.ToString()));
    }

    [Theory]
    [InlineData("127.0.0.1", "the port is missing")]
    [InlineData(":29500", "the host is empty")]
    [InlineData("host:0", "port '0' is not a number from 1 to 65535")]
    [InlineData("host:70000", "port '70000' is not a number from 1 to 65535")]
    [InlineData("host:-5", "port '-5'")]
    [InlineData("host:29500x", "port '29500x'")]
    [InlineData("fe80::1:29500", "an IPv6 address needs brackets")]
    [InlineData("[fe80::1]29500", "must be followed by :PORT")]
    public void Malformed_addresses_fail_with_a_message_naming_the_option_and_the_problem(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => MasterAddress.Parse(text));

        Assert.StartsWith($"--master '{text}': ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains("expected HOST:PORT", e.Message);
    }

    [Fact]
    public void Loopback_is_recognised()
    {
        Assert.True(MasterAddress.Parse("127.0.0.1:1").IsLoopback);
        Assert.True(MasterAddress.Parse("localhost:1").IsLoopback);
        Assert.False(MasterAddress.Parse("10.0.0.2:1").IsLoopback);
    }
}
