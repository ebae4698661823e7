using System.Collections.Immutable;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Parsing.Tests;

public class SelectorValidatorTests
{
    private static LabelSelector Expr(string key, string op, params string[] values)
        => new() { MatchExpressions = [new LabelSelectorRequirement(key, op, values)] };

    private static LabelSelector Labels(string key, string value)
        => new() { MatchLabels = ImmutableDictionary<string, string>.Empty.Add(key, value) };

    public static TheoryData<LabelSelector> ValidSelectors => new()
    {
        LabelSelector.Everything,
        Labels("app", "web"),
        Labels("example.com/app", "web-1.x_y"),
        Labels("app", ""),
        Expr("zone", "In", "a", "b"),
        Expr("zone", "NotIn", "a"),
        Expr("zone", "Exists"),
        Expr("kubernetes.io/hostname", "DoesNotExist"),
    };

    [Theory]
    [MemberData(nameof(ValidSelectors))]
    public void Validate_ValidSelector_ReturnsNull(LabelSelector selector)
        => Assert.Null(SelectorValidator.Validate([selector], "nodeSelectors", "spec.nodeSelectors"));

    public static TheoryData<LabelSelector, string> InvalidSelectors => new()
    {
        { Expr("zone", "Is", "a"), "\"Is\" is not a valid label selector operator" },
        { Expr("zone", "In"), "key \"zone\": for 'in', 'notin' operators, values set can't be empty" },
        { Expr("zone", "NotIn"), "key \"zone\": for 'in', 'notin' operators, values set can't be empty" },
        { Expr("zone", "Exists", "a"), "key \"zone\": values set must be empty for exists and does not exist" },
        { Labels("-bad", "v"), "invalid label key \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', start and end with an alphanumeric character, and be at most 63 characters" },
        { Labels(new string('a', 64), "v"), $"invalid label key \"{new string('a', 64)}\": name part must consist of alphanumeric characters, '-', '_' or '.', start and end with an alphanumeric character, and be at most 63 characters" },
        { Labels("Example.com/app", "v"), "invalid label key \"Example.com/app\": prefix part must be a lowercase RFC 1123 subdomain" },
        { Labels("/app", "v"), "invalid label key \"/app\": prefix part must be a lowercase RFC 1123 subdomain" },
        { Labels("app", "bad value"), "invalid label value \"bad value\": must be 63 characters or less, consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character" },
        { Expr("zone", "In", "ok", "-no"), "invalid label value \"-no\": must be 63 characters or less, consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character" },
    };

    [Theory]
    [MemberData(nameof(InvalidSelectors))]
    public void Validate_InvalidSelector_ReturnsReason(LabelSelector selector, string reason)
        => Assert.Equal($"spec.nodeSelectors[0]: {reason}", SelectorValidator.Validate([selector], "nodeSelectors", "spec.nodeSelectors"));

    [Fact]
    public void Validate_DuplicateValue_Rejected()
        => Assert.Equal(
            "duplicate definition of match expression value in label selector \"a\"",
            SelectorValidator.Validate([Expr("zone", "In", "a", "b", "a")], "nodeSelectors", "p"));

    [Fact]
    public void Validate_DuplicateExpression_ValuesInAnyOrder_Rejected()
    {
        var selector = new LabelSelector
        {
            MatchExpressions = [new("zone", "In", ["a", "b"]), new("zone", "In", ["b", "a"])],
        };
        Assert.Equal(
            "duplicate definition of match expressions \"zone In [a,b]\"",
            SelectorValidator.Validate([selector], "nodeSelectors", "p"));
    }

    [Fact]
    public void Validate_DuplicateSelector_Rejected()
        => Assert.Equal(
            "duplicate definition of nodeSelectors \"zone in (a,b)\"",
            SelectorValidator.Validate([Expr("zone", "In", "a", "b"), Expr("zone", "In", "b", "a")], "nodeSelectors", "p"));

    [Fact]
    public void Validate_DifferentSelectors_Accepted()
        => Assert.Null(SelectorValidator.Validate([Labels("a", "1"), Labels("a", "2"), Expr("a", "Exists")], "nodeSelectors", "p"));
}
