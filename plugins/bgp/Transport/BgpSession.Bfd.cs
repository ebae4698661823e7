using System.Net;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// The BFD session beside this BGP session, when the peer names a BFDProfile (RFC 5882 §4.3). It opens with the first
/// connection, because the address BFD runs from is our end of the TCP connection when the peer sets no sourceAddress.
/// When it goes from Up to Down the BGP session closes at once with Cease / BFD Down (RFC 9384), instead of waiting out
/// the hold timer; a peer that takes BFD administratively down does not close it (RFC 5882 §3.2). An edited, added or
/// removed BFDProfile applies to the running session without touching BGP.
/// </summary>
internal sealed partial class BgpSession
{
    private readonly Func<BfdEndpoint>? _bfdEndpoint;
    private BfdSession? _bfd;
    private BfdState _bfdState = BfdState.Down;

    /// <summary>The BFD session's state, or null without one (tests, diagnostics).</summary>
    public BfdState? BfdSessionState => _bfd?.State;

    /// <summary>
    /// Takes <paramref name="config"/> when it differs from the running configuration in its BFD settings alone: BFD
    /// changes timers on a live session (RFC 5880 §6.8.3), so BGP need not reset. False for any other change, which
    /// needs a new session.
    /// </summary>
    public bool TryReconfigure(BgpSessionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var running = _config;
        if (config with { Bfd = running.Bfd } != running)
        {
            return false;
        }

        if (config.Bfd != running.Bfd)
        {
            _config = config;
            _events.Writer.TryWrite(BfdReconfigured.Instance);
        }

        return true;
    }

    private async Task ApplyBfdConfigAsync()
    {
        if (Config.Bfd is not { } settings)
        {
            await CloseBfdAsync();
        }
        else if (_bfd is not null)
        {
            _bfd.Reconfigure(settings);
        }
        else if (_connection is not null)
        {
            await EnsureBfdAsync(_connection.LocalAddress);
        }
    }

    private async Task EnsureBfdAsync(IPAddress local)
    {
        if (Config.Bfd is not { } settings || _bfdEndpoint is null || (_bfd is not null && _bfd.Local.Equals(local)))
        {
            return;
        }

        await CloseBfdAsync();
        try
        {
            BfdSession? opened = null;
            opened = _bfdEndpoint().Open(Config.PeerAddress, local, Config.EbgpMultiHop, settings, (state, diagnostic)
                => _events.Writer.TryWrite(new BfdChanged(opened, state, diagnostic, opened?.PeerAdministrativelyDown ?? false)));
            _bfd = opened;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // BFD is an accelerator: without it the hold timer still guards the session.
            Log.BfdUnavailable(_logger, Config.PeerName, e.Message);
        }
    }

    private async Task OnBfdChangedAsync(BfdChanged change)
    {
        // A closed session's last words (its AdminDown on dispose) are not about the current one.
        if (change.Session is null || change.Session != _bfd)
        {
            return;
        }

        var wasUp = _bfdState == BfdState.Up;
        _bfdState = change.State;
        if (!wasUp || change.State == BfdState.Up || change.PeerAdministrativelyDown || _connection is null)
        {
            return;
        }

        Log.BfdDown(_logger, Config.PeerName, change.Diagnostic);
        await ExecuteAsync(_fsm.ProtocolError(new BgpProtocolException(BgpErrorCode.Cease, (byte)CeaseSubcode.BfdDown, default, $"BFD session down ({change.Diagnostic})")));
    }

    private async Task CloseBfdAsync()
    {
        var bfd = _bfd;
        _bfd = null;
        _bfdState = BfdState.Down;
        if (bfd is not null)
        {
            // Sends AdminDown, so the peer's BFD does not declare a failure (RFC 5880 §6.8.16).
            await bfd.DisposeAsync();
        }
    }

    private sealed class BfdReconfigured
    {
        public static readonly BfdReconfigured Instance = new();
    }

    private sealed record BfdChanged(BfdSession? Session, BfdState State, BfdDiagnostic Diagnostic, bool PeerAdministrativelyDown);
}
