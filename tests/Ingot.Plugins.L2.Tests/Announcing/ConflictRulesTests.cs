namespace Ingot.Plugins.L2.Announcing.Tests;

public class ConflictRulesTests
{
    [Fact]
    public void ClaimantRankedHigher_Withdraw_AndTheClaimantReannounces()
    {
        string[] ranking = ["node-b", "node-a"];
        Assert.Equal(ConflictAction.Withdraw, ConflictRules.Decide("node-a", "node-b", ranking));
        Assert.Equal(ConflictAction.Reannounce, ConflictRules.Decide("node-b", "node-a", ranking));
    }

    [Fact]
    public void UnknownClaimant_Reannounce()
    {
        Assert.Equal(ConflictAction.Reannounce, ConflictRules.Decide("node-a", null, ["node-a"]));
        Assert.Equal(ConflictAction.Reannounce, ConflictRules.Decide("node-a", "router", ["node-a"]));
    }
}
