{#-
  Salesforce requires an opportunity's Name, StageName and CloseDate; every export carries IsClosed and
  IsWon. Amount may be empty (a deal not yet priced), and then so are Probability and ExpectedRevenue's
  product. ContactId may be empty (Opportunity.ContactId is optional). CloseDate may lie ahead (an open
  deal's expected close): only CreatedDate is checked against the build time.
  Two rules tie the row together (inconsistent_value): Salesforce computes ExpectedRevenue as
  Amount x Probability / 100 (rounded to the cent, hence a cent's tolerance), and a stage fixes IsClosed
  and IsWon (crm__opportunity_stages). Probability itself may differ from the stage's default: a rep
  can edit it.
-#}
{{ checked_rows(
    staged_model='stg_crm__opportunities',
    csv_base_model='base_crm__opportunities',
    id_column='opportunity_id',
    columns=['opportunity_id', 'account_id', 'contact_id', 'opportunity_name', 'stage_name', 'amount',
             'probability', 'expected_revenue', 'close_date', 'is_closed', 'is_won', 'lead_source', 'created_at'],
    required=['opportunity_id', 'account_id', 'opportunity_name', 'stage_name', 'close_date', 'is_closed',
              'is_won', 'created_at'],
    row_checks=[
        ['amount < 0', 'out_of_range', "'Amount ' || " ~ as_text('amount') ~ " || ' is negative'"],
        ['probability < 0 or probability > 100', 'out_of_range',
         "'Probability ' || " ~ as_text('probability') ~ " || ' is not a percent between 0 and 100'"],
        ['amount is not null and probability is not null'
         ~ ' and (expected_revenue is null or abs(expected_revenue - amount * probability / 100) > 0.01)',
         'inconsistent_value',
         "'ExpectedRevenue ' || coalesce(" ~ as_text('expected_revenue') ~ ", 'empty') || ' is not Amount ' || "
         ~ as_text('amount') ~ " || ' x Probability ' || " ~ as_text('probability') ~ " || ' / 100'"],
    ],
    categories=[
        {'column': 'stage_name', 'seed': 'crm__opportunity_stages'},
        {'column': 'lead_source', 'seed': 'crm__lead_sources'},
    ],
    lookups=[
        {'column': 'stage_name', 'model': 'crm__opportunity_stages', 'key': 'stage_name',
         'carry': {'stage_is_closed': 'is_closed', 'stage_is_won': 'is_won'}},
    ],
    parents=[
        {'column': 'account_id', 'model': 'chk_crm__accounts', 'parent_id': 'account_id', 'file': 'crm_accounts.csv'},
        {'column': 'contact_id', 'model': 'chk_crm__contacts', 'parent_id': 'contact_id', 'file': 'crm_contacts.csv'},
    ],
    later_checks=[
        ['is_closed <> stage_is_closed or is_won <> stage_is_won', 'inconsistent_value',
         "'IsClosed ' || " ~ as_text('is_closed') ~ " || ' and IsWon ' || " ~ as_text('is_won')
         ~ " || ' disagree with stage ' || stage_name"],
    ],
    timestamps=['created_at'],
) }}
