using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Responding;

namespace Ingot.Bench.L2;

/// <summary>Responders that send nothing; <see cref="First"/> runs once, at the first gratuitous round after it is set.</summary>
internal sealed class BenchResponders : IResponderFactory
{
    public Action? First { get; set; }

    public IInterfaceResponder Open(LinkInfo link) => new Responder(this, link.Name);

    private sealed class Responder(BenchResponders owner, string name) : IInterfaceResponder
    {
        public string InterfaceName => name;

        public void Update(ResponderTable table)
        {
        }

        public int SendGratuitous(AnnouncedAddress address)
        {
            var first = owner.First;
            owner.First = null;
            first?.Invoke();
            return 1;
        }

        public void Dispose()
        {
        }
    }
}
