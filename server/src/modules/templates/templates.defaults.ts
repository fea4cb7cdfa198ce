/**
 * Seeded for every company (createCompany, and migration 0004 for companies that existed before
 * templates). Keep this list and that migration's INSERTs the same (test/templates.test.ts checks it).
 */
export const DEFAULT_TEMPLATES = [
  {
    key: "ask_to_apply",
    name: "Ask to apply",
    subject: "{{opening_title}} at {{company_name}}",
    body: "Hi {{candidate_first_name}},\n\nI came across your profile and think you would be a great fit for our {{opening_title}} role at {{company_name}}.\n\nIf it sounds interesting, you can apply here: {{apply_link}}\nor simply reply to this message.\n\nBest regards,\n{{sender_name}}",
  },
  {
    key: "arrange_interview",
    name: "Arrange an interview",
    subject: "Interview for {{opening_title}}",
    body: "Hi {{candidate_first_name}},\n\nThank you for your interest in the {{opening_title}} role at {{company_name}}. We would like to invite you to an interview.\n\nPlease reply with a few times that suit you over the next week: {{conversation_link}}\n\nBest regards,\n{{sender_name}}",
  },
  {
    key: "not_a_match",
    name: "Not a match",
    subject: "{{opening_title}} at {{company_name}}",
    body: "Hi {{candidate_first_name}},\n\nThank you for your time. After careful consideration we have decided not to move forward with you for the {{opening_title}} role.\n\nWe would be glad to stay in touch about future openings at {{company_name}}.\n\nBest regards,\n{{sender_name}}",
  },
  {
    key: "invite_to_reapply",
    name: "Invitation to re-apply",
    subject: "A new opening at {{company_name}}: {{opening_title}}",
    body: "Hi {{candidate_first_name}},\n\nWe have been in touch before, and we have a new opening that made us think of you: {{opening_title}} at {{company_name}}.\n\nIf you are interested, you can apply here: {{apply_link}}\n\nBest regards,\n{{sender_name}}",
  },
] as const;
