using Ingot.Plugins.Bgp.Codec;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.Bgp.Fsm.Tests;

public class BgpFsmTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Start_ThenOpenAndKeepalive_ReachesEstablished()
    {
        var fsm = NewFsm();
        Assert.Equal([BgpActionKind.Connect], Kinds(fsm.Start()));
        Assert.Equal(BgpState.Connect, fsm.State);
        Assert.Equal([BgpActionKind.SendOpen], Kinds(fsm.ConnectionUp(incoming: false)));
        Assert.Equal(BgpState.OpenSent, fsm.State);
        Assert.Equal([BgpActionKind.SendKeepalive], Kinds(fsm.OpenReceived(PeerOpen(65001, 90))));
        Assert.Equal(BgpState.OpenConfirm, fsm.State);
        Assert.Equal([BgpActionKind.Established], Kinds(fsm.KeepaliveReceived()));
        Assert.Equal(BgpState.Established, fsm.State);
        Assert.Equal(TimeSpan.FromSeconds(90), fsm.NegotiatedHoldTime);
        Assert.Equal(TimeSpan.FromSeconds(30), fsm.KeepaliveInterval);
    }

    [Fact]
    public void OpenReceived_PeerHoldLower_NegotiatesSmallerAndKeepaliveThird()
    {
        var fsm = Established(peerHold: 9);
        Assert.Equal(TimeSpan.FromSeconds(9), fsm.NegotiatedHoldTime);
        Assert.Equal(TimeSpan.FromSeconds(3), fsm.KeepaliveInterval);
    }

    [Fact]
    public void OnTimer_KeepaliveInterval_SendsKeepaliveEachThirdOfHold()
    {
        var fsm = Established(peerHold: 30);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fsm.OnTimer());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([BgpActionKind.SendKeepalive], Kinds(fsm.OnTimer()));
        fsm.KeepaliveReceived();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([BgpActionKind.SendKeepalive], Kinds(fsm.OnTimer()));
    }

    [Fact]
    public void OnTimer_SilentPeer_HoldTimerExpiredNotificationAndDown()
    {
        var fsm = Established(peerHold: 30);
        _time.Advance(TimeSpan.FromSeconds(20));
        fsm.OnTimer();
        fsm.KeepaliveReceived(); // hold restarts at t=20
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(BgpActionKind.SessionDown, Kinds(fsm.OnTimer()));
        _time.Advance(TimeSpan.FromSeconds(1));
        var actions = fsm.OnTimer();
        Assert.Equal([BgpActionKind.SendNotification, BgpActionKind.CloseConnection, BgpActionKind.SessionDown], Kinds(actions));
        Assert.Equal(BgpErrorCode.HoldTimerExpired, actions[0].Code);
        Assert.Equal(BgpState.Active, fsm.State);
    }

    [Fact]
    public void OpenReceived_HoldZero_NoTimers()
    {
        var fsm = Established(peerHold: 0);
        Assert.Null(fsm.NextDeadline);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(fsm.OnTimer());
        Assert.Equal(BgpState.Established, fsm.State);
    }

    [Fact]
    public void ConnectionFailed_Repeatedly_BacksOffOneSecondDoublingToTwoMinutes()
    {
        var fsm = NewFsm();
        fsm.Start();
        var delays = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            fsm.ConnectionFailed("refused");
            Assert.Equal(BgpState.Active, fsm.State);
            var wait = fsm.NextDeadline!.Value - _time.GetUtcNow();
            delays.Add(wait.TotalSeconds);
            _time.Advance(wait - TimeSpan.FromMilliseconds(1));
            Assert.Empty(fsm.OnTimer());
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal([BgpActionKind.Connect], Kinds(fsm.OnTimer()));
            Assert.Equal(BgpState.Connect, fsm.State);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 120, 120, 120], delays);
    }

    [Fact]
    public void KeepaliveReceived_Established_ResetsBackoff()
    {
        var fsm = NewFsm();
        fsm.Start();
        fsm.ConnectionFailed("refused");
        _time.Advance(TimeSpan.FromSeconds(1));
        fsm.OnTimer();
        fsm.ConnectionFailed("refused");
        Assert.Equal(TimeSpan.FromSeconds(2), fsm.CurrentBackoff);
        _time.Advance(TimeSpan.FromSeconds(2));
        fsm.OnTimer();
        fsm.ConnectionUp(false);
        fsm.OpenReceived(PeerOpen(65001, 90));
        fsm.KeepaliveReceived();
        Assert.Equal(TimeSpan.Zero, fsm.CurrentBackoff);
        fsm.ConnectionFailed("reset");
        Assert.Equal(TimeSpan.FromSeconds(1), fsm.CurrentBackoff);
    }

    [Fact]
    public void OpenReceived_WrongAs_BadPeerAsNotification()
    {
        var fsm = NewFsm();
        fsm.Start();
        fsm.ConnectionUp(false);
        var actions = fsm.OpenReceived(PeerOpen(65002, 90));
        Assert.Equal(BgpActionKind.SendNotification, actions[0].Kind);
        Assert.Equal(BgpErrorCode.OpenMessage, actions[0].Code);
        Assert.Equal((byte)OpenErrorSubcode.BadPeerAs, actions[0].Subcode);
        Assert.Equal([0xFD, 0xEA], actions[0].Data);
    }

    [Fact]
    public void OpenReceived_IbgpSameIdentifier_BadBgpIdentifier()
    {
        var fsm = new BgpFsm(new BgpFsmOptions { LocalAsn = 64512, PeerAsn = 64512 }, _time) { LocalIdentifier = 7 };
        fsm.Start();
        fsm.ConnectionUp(false);
        var actions = fsm.OpenReceived(BgpOpenMessage.Create(64512, 90, 7, new BgpCapabilities()));
        Assert.Equal((byte)OpenErrorSubcode.BadBgpIdentifier, actions[0].Subcode);
    }

    [Theory]
    [InlineData("external", 65001u)]
    [InlineData("external", 4200000001u)]
    [InlineData("internal", 64512u)]
    public void OpenReceived_DynamicAsnOfTheKind_AcceptedAndLearned(string kind, uint peerAsn)
    {
        var fsm = new BgpFsm(new BgpFsmOptions { LocalAsn = 64512, DynamicAsn = Enum.Parse<DynamicAsn>(kind, ignoreCase: true) }, _time) { LocalIdentifier = 1 };
        Assert.Null(fsm.PeerAsn);
        fsm.Start();
        fsm.ConnectionUp(false);
        Assert.Equal([BgpActionKind.SendKeepalive], Kinds(fsm.OpenReceived(PeerOpen(peerAsn, 90))));
        Assert.Equal([BgpActionKind.Established], Kinds(fsm.KeepaliveReceived()));
        Assert.Equal(peerAsn, fsm.PeerAsn);
    }

    [Theory]
    [InlineData("external", 64512u)]
    [InlineData("internal", 65001u)]
    [InlineData("internal", 4200000001u)]
    public void OpenReceived_DynamicAsnOfTheOtherKind_BadPeerAsAndBackoff(string kind, uint peerAsn)
    {
        var fsm = new BgpFsm(new BgpFsmOptions { LocalAsn = 64512, DynamicAsn = Enum.Parse<DynamicAsn>(kind, ignoreCase: true) }, _time) { LocalIdentifier = 1 };
        fsm.Start();
        fsm.ConnectionUp(false);
        var actions = fsm.OpenReceived(PeerOpen(peerAsn, 90));
        Assert.Equal([BgpActionKind.SendNotification, BgpActionKind.CloseConnection, BgpActionKind.SessionDown], Kinds(actions));
        Assert.Equal(BgpErrorCode.OpenMessage, actions[0].Code);
        Assert.Equal((byte)OpenErrorSubcode.BadPeerAs, actions[0].Subcode);

        // RFC 4271 §6.2 data: the 2-octet My Autonomous System field of the refused OPEN (AS_TRANS for a 4-octet AS).
        var myAs = peerAsn > ushort.MaxValue ? BgpOpenMessage.AsTrans : (ushort)peerAsn;
        Assert.Equal([(byte)(myAs >> 8), (byte)myAs], actions[0].Data!);
        Assert.Null(fsm.PeerAsn);
        Assert.Equal(BgpState.Active, fsm.State);
        Assert.Equal(BgpTimers.InitialConnectRetry, fsm.CurrentBackoff);
    }

    [Theory]
    [InlineData("internal", true)]
    [InlineData("external", false)]
    public void BgpFsmOptions_DynamicAsn_KindDecidesInternal(string kind, bool expected)
        => Assert.Equal(expected, new BgpFsmOptions { LocalAsn = 64512, DynamicAsn = Enum.Parse<DynamicAsn>(kind, ignoreCase: true) }.IsInternal);

    [Fact]
    public void UpdateReceived_InOpenConfirm_FsmErrorRfc6608()
    {
        var fsm = NewFsm();
        fsm.Start();
        fsm.ConnectionUp(false);
        fsm.OpenReceived(PeerOpen(65001, 90));
        var actions = fsm.UpdateReceived();
        Assert.Equal(BgpErrorCode.FiniteStateMachine, actions[0].Code);
        Assert.Equal((byte)FsmErrorSubcode.UnexpectedMessageInOpenConfirm, actions[0].Subcode);
        Assert.Equal(BgpState.Active, fsm.State);
    }

    [Fact]
    public void RouteRefreshReceived_Established_ResendsAll()
    {
        var fsm = Established(90);
        Assert.Equal([BgpActionKind.ResendAll], Kinds(fsm.RouteRefreshReceived()));
    }

    [Fact]
    public void Stop_Established_SendsCeaseAndGoesIdle()
    {
        var fsm = Established(90);
        var actions = fsm.Stop(CeaseSubcode.AdministrativeShutdown, "bye");
        Assert.Equal([BgpActionKind.SendNotification, BgpActionKind.CloseConnection, BgpActionKind.SessionDown], Kinds(actions));
        Assert.Equal(BgpErrorCode.Cease, actions[0].Code);
        Assert.Equal(BgpState.Idle, fsm.State);
        Assert.Null(fsm.NextDeadline);
    }

    [Fact]
    public void NotificationReceived_Established_ClosesWithoutAnswer()
    {
        var fsm = Established(90);
        var actions = fsm.NotificationReceived(new BgpNotificationMessage(BgpErrorCode.Cease, 2, [], "maintenance"));
        Assert.Equal([BgpActionKind.CloseConnection, BgpActionKind.SessionDown], Kinds(actions));
    }

    [Fact]
    public void ConnectionUp_IncomingWhileConnecting_AbortsOutgoing()
    {
        var fsm = NewFsm();
        fsm.Start();
        Assert.Equal([BgpActionKind.AbortConnect, BgpActionKind.SendOpen], Kinds(fsm.ConnectionUp(incoming: true)));
    }

    [Fact]
    public void OnTimer_OpenSentNoAnswer_HoldExpiresAfterFourMinutes()
    {
        var fsm = NewFsm();
        fsm.Start();
        fsm.ConnectionUp(false);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(BgpErrorCode.HoldTimerExpired, fsm.OnTimer()[0].Code);
    }

    [Theory]
    [InlineData(null, null, 90, 30)]
    [InlineData(30, null, 30, 10)]
    [InlineData(null, 20, 60, 20)]
    [InlineData(9, 1, 9, 1)]
    public void BgpTimers_From_MetalLbRules(int? hold, int? keepalive, int expectedHold, int expectedKeepalive)
    {
        var timers = BgpTimers.From(hold is null ? null : TimeSpan.FromSeconds(hold.Value), keepalive is null ? null : TimeSpan.FromSeconds(keepalive.Value));
        Assert.Equal(expectedHold, timers.HoldTimeSeconds);
        Assert.Equal(TimeSpan.FromSeconds(expectedKeepalive), timers.KeepaliveFor(timers.Negotiate(ushort.MaxValue)));
    }

    [Theory]
    [InlineData(1u, 2u, true)]
    [InlineData(2u, 1u, false)]
    [InlineData(0xC0000201u, 0x0A000001u, false)] // unsigned compare: 192.0.2.1 > 10.0.0.1
    public void KeepIncoming_ComparesIdentifiers(uint local, uint remote, bool expected)
        => Assert.Equal(expected, BgpCollision.KeepIncoming(local, remote));

    private BgpFsm NewFsm() => new(new BgpFsmOptions { LocalAsn = 64512, PeerAsn = 65001 }, _time) { LocalIdentifier = 1 };

    private BgpFsm Established(ushort peerHold)
    {
        var fsm = NewFsm();
        fsm.Start();
        fsm.ConnectionUp(false);
        fsm.OpenReceived(PeerOpen(65001, peerHold));
        fsm.KeepaliveReceived();
        Assert.Equal(BgpState.Established, fsm.State);
        return fsm;
    }

    private static BgpOpenMessage PeerOpen(uint asn, ushort hold) => BgpOpenMessage.Create(asn, hold, 0x0A000002, new BgpCapabilities());

    private static List<BgpActionKind> Kinds(List<BgpAction> actions) => actions.Select(a => a.Kind).ToList();
}
