using System.Collections.Immutable;

namespace Ingot.Sdk.Cluster.Tests;

public class LabelSelectorTests
{
    private static readonly IReadOnlyDictionary<string, string> s_node = new Dictionary<string, string>
    {
        ["zone"] = "a",
        ["rack"] = "r1",
    };

    private static LabelSelector Expr(string key, string op, params string[] values)
        => new() { MatchExpressions = [new LabelSelectorRequirement(key, op, values)] };

    public static TheoryData<LabelSelector, bool> Cases => new()
    {
        { LabelSelector.Everything, true },
        { new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("zone", "a") }, true },
        { new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("zone", "b") }, false },
        { new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("missing", "a") }, false },
        { Expr("zone", "In", "a", "b"), true },
        { Expr("zone", "In", "b"), false },
        { Expr("missing", "In", "a"), false },
        { Expr("zone", "NotIn", "b"), true },
        { Expr("zone", "NotIn", "a"), false },
        { Expr("missing", "NotIn", "a"), true },
        { Expr("rack", "Exists"), true },
        { Expr("missing", "Exists"), false },
        { Expr("missing", "DoesNotExist"), true },
        { Expr("rack", "DoesNotExist"), false },
        { Expr("rack", "Bogus", "r1"), false },
        {
            new LabelSelector
            {
                MatchLabels = ImmutableDictionary<string, string>.Empty.Add("zone", "a"),
                MatchExpressions = [new("rack", "In", ["r2"])],
            },
            false
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Cases_AsKubernetes(LabelSelector selector, bool expected) => Assert.Equal(expected, selector.Matches(s_node));

    [Fact]
    public void IsEmpty_EverythingAndTerms()
    {
        Assert.True(LabelSelector.Everything.IsEmpty);
        Assert.False(Expr("a", "Exists").IsEmpty);
    }

    [Fact]
    public void ToString_AllOperators_SortedKubernetesForm()
    {
        var selector = new LabelSelector
        {
            MatchLabels = ImmutableDictionary<string, string>.Empty.Add("b", "2").Add("a", "1"),
            MatchExpressions =
            [
                new("zone", "NotIn", ["y", "x"]),
                new("env", "In", ["prod", "dev"]),
                new("gpu", "Exists", []),
                new("spot", "DoesNotExist", []),
            ],
        };
        Assert.Equal("!spot,a=1,b=2,env in (dev,prod),gpu,zone notin (x,y)", selector.ToString());
    }

    [Fact]
    public void ToString_Everything_Empty() => Assert.Equal(string.Empty, LabelSelector.Everything.ToString());
}
