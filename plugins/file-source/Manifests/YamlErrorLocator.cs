using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Finds the line to blame when YamlDotNet fails with something other than a syntax error. The representation model throws
/// <see cref="ArgumentException"/> ("unsupported event") and the parser <see cref="InvalidOperationException"/> ("the scanner
/// should contain no more tokens") without a position, and the place they fail is often far below the cause: a stray
/// <c>: </c> line (an entry without a key) makes YamlDotNet emit a key without its value, which shifts every key and value
/// after it until the mapping ends with a key left over. Only runs on a file already refused, so it costs nothing otherwise.
/// </summary>
internal static class YamlErrorLocator
{
    /// <summary>The line and a message for <paramref name="failure"/>, thrown while loading <paramref name="text"/>.</summary>
    public static (long Line, string Message) Locate(string text, Exception failure)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);

        // One entry per open collection: a mapping alternates key and value, and remembers its last key's line.
        var open = new Stack<Collection>();
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case Scalar scalar:
                        if (open.TryPeek(out var parent) && parent.IsMapping && !parent.ExpectsValue
                            && scalar.Value.Length == 0 && scalar.Style == ScalarStyle.Plain)
                        {
                            return (scalar.Start.Line, "a mapping entry without a key (a line that starts with ':')");
                        }

                        Node(open, current);
                        break;
                    case AnchorAlias:
                        Node(open, current);
                        break;
                    case MappingStart or SequenceStart:
                        Node(open, current);
                        open.Push(new Collection(current is MappingStart));
                        break;
                    case MappingEnd:
                        if (open.Pop() is { ExpectsValue: true } mapping)
                        {
                            return (mapping.KeyLine, "a mapping key without a value");
                        }

                        break;
                    case SequenceEnd:
                        open.Pop();
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            return (ex.Start.Line, $"syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // The parser gave up without a mark; the scanner stopped at the token it could not place.
            return (scanner.CurrentPosition.Line, ex.Message);
        }

        return (parser.Current?.Start.Line ?? 1, failure.Message);
    }

    /// <summary>A node starts: in a mapping it is a key or a value, in turn.</summary>
    private static void Node(Stack<Collection> open, ParsingEvent node)
    {
        if (open.TryPeek(out var parent) && parent.IsMapping)
        {
            parent.KeyLine = parent.ExpectsValue ? parent.KeyLine : node.Start.Line;
            parent.ExpectsValue = !parent.ExpectsValue;
        }
    }

    private sealed class Collection(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectsValue { get; set; }

        public long KeyLine { get; set; }
    }
}
