"""The loopback VLM simulator (both wire protocols, scripted answers, recorded requests, injected faults)."""

from uiagent.vlm.simulator.script import Match, Reply, Rule, Script
from uiagent.vlm.simulator.server import RecordedRequest, VLMSimulator

__all__ = ["Match", "RecordedRequest", "Reply", "Rule", "Script", "VLMSimulator"]
