using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Checks a YAML text against Ingot's input limits before it is loaded into a node tree. Loading recurses once per
/// nesting level (a few thousand levels overflow the stack, which no catch survives) and the mapper follows aliases
/// (nine levels of nine-fold aliases are 387 million nodes), so both are bounded here, on the parser's event stream,
/// which holds its state on the heap and costs one pass over the text.
/// </summary>
internal static class YamlLimits
{
    /// <summary>Largest manifest file read. Kubernetes refuses request bodies over 3 MiB; this leaves room for many objects per file.</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    /// <summary>Deepest nesting of sequences and mappings. Kubernetes objects nest a dozen levels; 64 is generous.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a file may stand for once every alias is expanded: ~30 per Service, so 30,000 Services.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>Returns null when the text is within the limits, else why not and the line where it was found.</summary>
    public static (string Message, long Line)? Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        long nodes = 0;
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long NodesAtStart)>();
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case Scalar scalar:
                    nodes++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = 1;
                    }

                    break;
                case NodeEvent start and (SequenceStart or MappingStart):
                    nodes++;
                    if (++depth > MaxDepth)
                    {
                        return ($"nesting deeper than {MaxDepth} levels", current.Start.Line);
                    }

                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                    break;
                case SequenceEnd or MappingEnd:
                    depth--;
                    var (anchor, nodesAtStart) = open.Pop();
                    if (anchor is not null)
                    {
                        anchors[anchor] = nodes - nodesAtStart + 1;
                    }

                    break;
                case AnchorAlias alias:
                    // An alias to an unknown anchor is the loader's syntax error to report.
                    nodes += anchors.GetValueOrDefault(alias.Value.Value, 1);
                    break;
                case DocumentEnd:
                    anchors.Clear();
                    break;
            }

            if (nodes > MaxExpandedNodes)
            {
                return ($"more than {MaxExpandedNodes:N0} nodes once aliases are expanded (an alias bomb?)", current.Start.Line);
            }
        }

        return null;
    }
}
