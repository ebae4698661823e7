using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Tests.Membership;

public sealed class MembershipServiceKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ingot-key-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_MissingFile_NamesSettingAndPath()
    {
        var path = Path.Combine(_dir, "absent");
        var e = Assert.Throws<InvalidOperationException>(() => MembershipKeyFile.Load(path));
        Assert.Contains(MembershipOptions.KeyFileKey, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShortKey_NamesSettingPathAndLength()
    {
        var path = Path.Combine(_dir, "short");
        File.WriteAllText(path, "0123456789abcde\n");
        var e = Assert.Throws<InvalidOperationException>(() => MembershipKeyFile.Load(path));
        Assert.Contains(MembershipOptions.KeyFileKey, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("15 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TrailingNewline_IgnoredSoEchoAndPrintfAgree()
    {
        var withNewline = Path.Combine(_dir, "echo");
        var without = Path.Combine(_dir, "printf");
        File.WriteAllText(withNewline, "0123456789abcdef-secret\n");
        File.WriteAllText(without, "0123456789abcdef-secret");
        var message = new MembershipMessage(MessageType.Heartbeat, "a", 1, 1, 0, true, 0, [], []);
        var buffer = new byte[MembershipCodec.MaxDatagram];
        var length = MembershipCodec.Encode(message, MembershipKeyFile.Load(withNewline), buffer);

        Assert.Equal(DecodeStatus.Ok, MembershipCodec.TryDecode(buffer.AsSpan(0, length), MembershipKeyFile.Load(without), out var decoded));
        Assert.Equal("a", decoded!.Sender);
    }
}
