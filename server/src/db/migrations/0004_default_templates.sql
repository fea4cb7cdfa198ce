-- The default message templates for companies created before templates existed (new companies get
-- them from createCompany). Same texts as src/modules/templates/templates.defaults.ts.
-- char(10) is a line break.
INSERT INTO message_templates (company_id, name, subject, body, default_key, created_at, updated_at)
SELECT c.id, 'Ask to apply', '{{opening_title}} at {{company_name}}', 'Hi {{candidate_first_name}},' || char(10) || '' || char(10) || 'I came across your profile and think you would be a great fit for our {{opening_title}} role at {{company_name}}.' || char(10) || '' || char(10) || 'If it sounds interesting, you can apply here: {{apply_link}}' || char(10) || 'or simply reply to this message.' || char(10) || '' || char(10) || 'Best regards,' || char(10) || '{{sender_name}}', 'ask_to_apply', c.created_at, c.created_at
  FROM companies c
 WHERE NOT EXISTS (SELECT 1 FROM message_templates m WHERE m.company_id = c.id AND m.name = 'Ask to apply');
--> statement-breakpoint
INSERT INTO message_templates (company_id, name, subject, body, default_key, created_at, updated_at)
SELECT c.id, 'Arrange an interview', 'Interview for {{opening_title}}', 'Hi {{candidate_first_name}},' || char(10) || '' || char(10) || 'Thank you for your interest in the {{opening_title}} role at {{company_name}}. We would like to invite you to an interview.' || char(10) || '' || char(10) || 'Please reply with a few times that suit you over the next week: {{conversation_link}}' || char(10) || '' || char(10) || 'Best regards,' || char(10) || '{{sender_name}}', 'arrange_interview', c.created_at, c.created_at
  FROM companies c
 WHERE NOT EXISTS (SELECT 1 FROM message_templates m WHERE m.company_id = c.id AND m.name = 'Arrange an interview');
--> statement-breakpoint
INSERT INTO message_templates (company_id, name, subject, body, default_key, created_at, updated_at)
SELECT c.id, 'Not a match', '{{opening_title}} at {{company_name}}', 'Hi {{candidate_first_name}},' || char(10) || '' || char(10) || 'Thank you for your time. After careful consideration we have decided not to move forward with you for the {{opening_title}} role.' || char(10) || '' || char(10) || 'We would be glad to stay in touch about future openings at {{company_name}}.' || char(10) || '' || char(10) || 'Best regards,' || char(10) || '{{sender_name}}', 'not_a_match', c.created_at, c.created_at
  FROM companies c
 WHERE NOT EXISTS (SELECT 1 FROM message_templates m WHERE m.company_id = c.id AND m.name = 'Not a match');
--> statement-breakpoint
INSERT INTO message_templates (company_id, name, subject, body, default_key, created_at, updated_at)
SELECT c.id, 'Invitation to re-apply', 'A new opening at {{company_name}}: {{opening_title}}', 'Hi {{candidate_first_name}},' || char(10) || '' || char(10) || 'We have been in touch before, and we have a new opening that made us think of you: {{opening_title}} at {{company_name}}.' || char(10) || '' || char(10) || 'If you are interested, you can apply here: {{apply_link}}' || char(10) || '' || char(10) || 'Best regards,' || char(10) || '{{sender_name}}', 'invite_to_reapply', c.created_at, c.created_at
  FROM companies c
 WHERE NOT EXISTS (SELECT 1 FROM message_templates m WHERE m.company_id = c.id AND m.name = 'Invitation to re-apply');
