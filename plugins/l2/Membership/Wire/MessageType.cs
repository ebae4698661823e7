namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>What a membership datagram says.</summary>
internal enum MessageType : byte
{
    /// <summary>The periodic "I am alive, this is whom I hear, this is what I learned" message.</summary>
    Heartbeat = 1,

    /// <summary>The sender stops (SIGTERM): drop it now instead of after the detection time.</summary>
    Leaving = 2,
}
