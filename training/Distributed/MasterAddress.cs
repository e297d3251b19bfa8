using System.Globalization;

namespace QirenGan.Training.Distributed;

/// <summary>Where rank 0's rendezvous store listens: the value of <c>--master HOST:PORT</c>.</summary>
/// <param name="Host">Host name or IP address of rank 0's machine (127.0.0.1 for one machine).</param>
/// <param name="Port">TCP port, 1–65535.</param>
public readonly record struct MasterAddress(string Host, int Port)
{
    /// <summary>Parses HOST:PORT ("127.0.0.1:29500", "node0:29500", "[fe80::1]:29500").</summary>
    /// <exception cref="FormatException">With a message naming the option, the text and what is wrong.</exception>
    public static MasterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        string host;
        string port;
        if (t.StartsWith('['))
        {
            var close = t.IndexOf(']');
            if (close < 0 || close + 1 >= t.Length || t[close + 1] != ':')
            {
                throw Error(text, "a bracketed IPv6 address must be followed by :PORT, as in [::1]:29500");
            }
            host = t[1..close];
            port = t[(close + 2)..];
        }
        else
        {
            var colon = t.LastIndexOf(':');
            if (colon < 0)
            {
                throw Error(text, "the port is missing");
            }
            host = t[..colon];
            port = t[(colon + 1)..];
            if (host.Contains(':'))
            {
                throw Error(text, "an IPv6 address needs brackets, as in [::1]:29500");
            }
        }
        if (host.Length == 0)
        {
            throw Error(text, "the host is empty");
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            number is < 1 or > 65535)
        {
            throw Error(text, $"port '{port}' is not a number from 1 to 65535");
        }
        return new MasterAddress(host, number);
    }

    public bool IsLoopback => Host is "localhost" or "::1" || Host.StartsWith("127.", StringComparison.Ordinal);

    public override string ToString() =>
        Host.Contains(':') ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static FormatException Error(string text, string problem) =>
        new($"{DistributedOptions.MasterOption} '{text}': {problem} (expected HOST:PORT, for example 127.0.0.1:29500)");
}
