using Ingot.Plugins.L2.Interfaces;

namespace Ingot.Plugins.L2.Responding;

/// <summary>Opens a responder on an interface.</summary>
internal interface IResponderFactory
{
    IInterfaceResponder Open(LinkInfo link);
}
