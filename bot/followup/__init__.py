"""Follow-up of submitted objections: confirmation checks, their schedule, and escalation."""
